import { ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (smtp-server), as the team's mail relay would be: it takes
 * every message, parses it with mailparser and keeps it, or refuses it with the code
 * `refuseWith` names for the n-th message (0-based; none by default).
 */
export interface SmtpReceiver {
  url: string;
  mails: ParsedMail[];
  /** Messages offered, refused ones included. */
  offered: number;
  refuseWith: (index: number) => number | undefined;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const receiver: Omit<SmtpReceiver, 'url' | 'close'> = {
    mails: [],
    offered: 0,
    refuseWith: () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const code = receiver.refuseWith(receiver.offered++);
      simpleParser(stream).then((mail) => {
        if (code === undefined) {
          receiver.mails.push(mail);
          return callback();
        }
        callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: code }));
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
