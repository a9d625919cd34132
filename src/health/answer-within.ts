/** How long one readiness check may take: a database that does not answer is down. */
export const CHECK_TIMEOUT_MS = 1000;

/** `work`, or a rejection once `ms` have passed without its answer. */
export function answerWithin<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} does not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
