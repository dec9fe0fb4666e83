import { createOrdersReader } from '@ecommerce/api-client';
import { createDocumentClient, createSignedFetch, readEnvironment } from '@ecommerce/lambda-kit';
import { createEventSubscriber, everyEventType } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { createEmailLeases } from '../../adapters/email-leases.js';
import { createSesMailer } from '../../adapters/mailer.js';
import { createOrderCopies } from '../../adapters/order-summaries.js';
import { sendEmail, type EmailDependencies } from './send-email.js';

export const createHandler = (dependencies: EmailDependencies) =>
  createEventSubscriber(
    everyEventType((event) => sendEmail(dependencies, event)),
    eventValidators,
  );

const env = readEnvironment(['EMAILS_TABLE', 'ORDERS_API_URL', 'SENDER_EMAIL', 'AWS_REGION']);
const client = createDocumentClient();

export const main = createHandler({
  orders: createOrdersReader({ baseUrl: env.ORDERS_API_URL, fetch: createSignedFetch({ region: env.AWS_REGION }) }),
  summaries: createOrderCopies({ tableName: env.EMAILS_TABLE, client }),
  mailer: createSesMailer({ sender: env.SENDER_EMAIL }),
  leases: createEmailLeases({ tableName: env.EMAILS_TABLE, client }),
});
