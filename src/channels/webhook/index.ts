export { WebhookModule } from './webhook.module';
export {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  verifyWebhookSignature,
} from './webhook-signature';
