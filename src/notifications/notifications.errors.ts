import { DomainError } from '../common';

export class NotificationNotFoundError extends DomainError {
  constructor(id: string) {
    super(
      'NOTIFICATION.NOT_FOUND',
      404,
      'Notification not found',
      `You have no notification with id ${id}.`,
    );
  }
}
