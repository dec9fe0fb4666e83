// Answers at once: what a request costs the runtime (serverless-offline, API Gateway's event) alone.
export const nothing = async () => ({ statusCode: 200, body: '{}' });
