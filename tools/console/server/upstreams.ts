import { localCloud } from '@ecommerce/local-cloud';

/** Path prefixes of the console's origin, and the part of the local cloud each one forwards to. */
export const upstreams = {
  '/orders-api': `http://${localCloud.host}:3000`,
  '/products-api': `http://${localCloud.host}:3001`,
  '/invoice-api': `http://${localCloud.host}:3002`,
  '/journal': `http://${localCloud.host}:3090`,
  '/issuer': localCloud.issuer.url,
  '/mailbox': localCloud.ses.url,
} as const;
