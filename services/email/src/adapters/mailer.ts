import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailMessage } from '../domain/messages.js';

export interface Mailer {
  send(message: EmailMessage, tags: Record<string, string>): Promise<{ messageId: string }>;
}

/** SES v2 SendEmail; locally the SDK reaches aws-ses-v2-local through AWS_ENDPOINT_URL_SESV2. */
export const createSesMailer = ({
  sender,
  ses = new SESv2Client({}),
}: {
  sender: string;
  ses?: Pick<SESv2Client, 'send'>;
}): Mailer => ({
  send: async (message, tags) => {
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: sender,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          },
        },
        EmailTags: Object.entries(tags).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    return { messageId: MessageId ?? '' };
  },
});
