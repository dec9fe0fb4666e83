// Generated from resources/openapi.yaml by `pnpm --filter @ecommerce/api-client generate`. Do not edit.
export type paths = {
    "/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the caller's orders, newest first, a page at a time
         * @description The signed-in customer's orders, newest first. Operators may pass `customerId` to list any
         *     customer's orders; a customer may pass only their own (403 otherwise).
         */
        get: operations["listOrders"];
        put?: never;
        /**
         * Place an order
         * @description Validates the order, checks every product and the price the customer saw with the
         *     catalogue, computes the total on the server, copies the delivery address and the product
         *     details into the order, persists it and emits ORDER_CREATED. Nothing is persisted or
         *     emitted when the request is rejected.
         *
         *     Mail about the order goes only to the e-mail address the identity provider holds for the
         *     signed-in customer, and only once they have verified it (on AWS the user pool's `email` and
         *     `email_verified`, read with the caller's access token; locally the issuer's, set at sign-in).
         *     No request chooses the recipient: an unverified or missing address is answered 403
         *     `email_not_verified`, and a `customerEmail` in the body other than that address 403
         *     `email_not_yours`, with nothing stored, emitted or sent.
         */
        post: operations["createOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/stalled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the stalled orders, for operators, longest stalled first
         * @description Orders that waited in a step of the saga past the step's deadline (no invoice, no payment, no
         *     shipment, no refund in time; the deadlines are configured per stage, see the README) and
         *     have not moved on since. Each was marked stalled in its history once, and counted in the
         *     `OrderStalled` metric. Past a final deadline an order that can still be cancelled is
         *     cancelled with a reason its customer reads; one waiting for a refund stays listed until it
         *     comes. Longest stalled first, a page at a time. Operators only: a customer is answered 403.
         */
        get: operations["listStalledOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an order with its status and history
         * @description The customer's own order; operators may read any.
         */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an order before its parcel is booked
         * @description Changes the order, answers it, and emits ORDER_MODIFIED (version 2: the order before and
         *     after, and what changed); the change shows in the order's history.
         *
         *     - `deliveryAddress`: only the customer who placed the order (an operator is answered 403,
         *       anyone else 404), until the parcel is booked. Shipment books to the address the order
         *       holds when it books.
         *     - `items`: only operators (a customer is answered 403 on their own order, 404 on anyone
         *       else's), once the payment is confirmed and until the parcel is booked: substitute a
         *       product, lower a quantity, remove a line. The lines are checked with the catalogue as at
         *       creation (catalogue price, currency, each product once); the new total may not be above
         *       what the customer paid (422 `total_raised`). Billing refunds the difference at once
         *       (PAYMENT_REFUNDED, reason `order_modified`) and email tells the customer.
         *
         *     Before the payment is confirmed the items cannot change (409 `payment_not_confirmed`): there
         *     is nothing to refund yet, and the invoice already holds the total to be charged. Once the
         *     parcel is booked the answer is 409 `parcel_booked`; once the order has ended (cancelled,
         *     payment failed, refunded, not shippable) 409 `order_ended`. A change is written over the
         *     version of the order it was judged on: a change racing another is judged again on the order
         *     the other one left, never lost. A change that changes nothing answers the order as it is and
         *     emits nothing.
         */
        patch: operations["modifyOrder"];
        trace?: never;
    };
    "/orders/{orderId}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send back some or all of what was delivered
         * @description The order's customer asks to send back lines of a delivered order, within the return window
         *     after its delivery (30 days; `RETURN_WINDOW_SECONDS` per stage, 40 s locally). The answer
         *     carries the carrier's return label. When the carrier brings the parcel back
         *     (`return.received`, RETURN_RECEIVED), billing refunds the returned lines at the price paid
         *     (not the delivery: the order was delivered), invoice issues a credit note for exactly that,
         *     and the customer gets an email at each step. `GET /orders/{orderId}` lists the order's
         *     returns and their status. Refused: `409 order_not_delivered` before delivery, `409
         *     return_window_closed` after the window, `422 return_exceeds_delivered` for more of a product
         *     than was delivered less what was already returned (or a product the order does not hold);
         *     someone else's order answers 404, as an unknown id, and an operator who can read it 403.
         */
        post: operations["requestReturn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order that has not shipped
         * @description Cancels the order and emits ORDER_CANCELLED; billing then refunds a payment already taken,
         *     or makes sure none is taken. Cancelling a cancelled order again answers the order as it is.
         *     An order whose parcel is being booked (`PARCEL_BOOKING`: shipment locked it), that shipped,
         *     or whose payment failed or was refunded, cannot be cancelled (409).
         *     Only the customer who placed the order may cancel it: an operator who can read it is
         *     answered 403.
         */
        post: operations["cancelOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an order as other services see it, without its payment token (IAM-authorized on AWS) */
        get: operations["getOrderInternal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/orders/{orderId}/payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an order with the payment token to charge it with (IAM-authorized on AWS; billing's charge only)
         * @description The payment token reaches billing only: on AWS the orders API's resource policy denies this
         *     route to every role but the one billing charges invoices with (docs/security.md).
         */
        get: operations["getPayableOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/orders/{orderId}/parcel-booking": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lock a paid order for booking its parcel (IAM-authorized on AWS)
         * @description Shipment calls it right before it books the parcel with the carrier. The lock moves the order
         *     to `PARCEL_BOOKING`, written on the order's version, so that a cancellation racing the booking
         *     is decided once: if the cancellation was written first, the lock answers `409
         *     order_not_bookable` and nothing is booked; if the lock was written first, the cancellation
         *     answers `409 order_not_cancellable`. Locking an order already locked answers it again, so a
         *     redelivered payment books the same parcel (the carrier's idempotency key does the rest). Only
         *     an order orders holds paid (`PAYMENT_CONFIRMED`) is locked, whatever event sent shipment.
         *     The answer is the order as it is when locked: the parcel goes to the address it holds then.
         */
        post: operations["lockForParcelBooking"];
        /**
         * Give back shipment's lock on an order whose parcel the carrier did not book (IAM-authorized on AWS)
         * @description Shipment calls it when the carrier answered that it could not take the booking (`503`, `429`):
         *     nothing was booked, so the order goes back to `PAYMENT_CONFIRMED`, where it may be changed,
         *     cancelled or found stalled while the carrier is down; shipment's next attempt locks it again.
         *     Written on the order's version, like the lock. Releasing an order that is not locked answers
         *     it as it is, so a repeated release is harmless.
         */
        delete: operations["releaseParcelBooking"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the catalogue, a page at a time
         * @description Public; no token is needed.
         */
        get: operations["listProducts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products/{productId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one product
         * @description Public; no token is needed.
         */
        get: operations["getProduct"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/products/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Read many products in one round trip (IAM-authorized on AWS)
         * @description Orders uses it to check every product and price of a new order at once.
         */
        post: operations["lookupProducts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payments/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The payment provider's webhook (Stripe's events), verified by its signature
         * @description Stripe calls this route with an event (`payment_intent.succeeded`,
         *     `payment_intent.payment_failed`, `payment_intent.processing`, `payment_intent.canceled`,
         *     `charge.refunded`), signed in `Stripe-Signature` over the raw body with the endpoint's
         *     secret. Billing checks the signature and its timestamp with the Stripe SDK
         *     (`webhooks.constructEvent`, 300 s of tolerance) before anything else: a bad or stale one
         *     answers 400 and records nothing. Then it records each event id once and moves the payment
         *     only forward, so an event delivered twice, late or before the answer it repeats changes
         *     nothing more. Event types it does not act on are acknowledged (200) and ignored.
         */
        post: operations["receivePaymentWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{invoiceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an invoice
         * @description The invoice of an order has the id `inv-<orderId>`; its number is in the order's history and
         *     in the email. A customer reads only their own invoices; operators may read any.
         */
        get: operations["getInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{invoiceId}/credit-notes/{creditNoteId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a credit note
         * @description A credit note documents money given back against an invoice: one for each refund (a
         *     cancellation after payment, a parcel the carrier refused, a change to the order). Its id is
         *     in CREDIT_NOTE_CREATED, in the email, and in the invoice's `creditNotes`. A customer reads only
         *     the credit notes of their own invoices; operators may read any; anyone else is answered 404.
         */
        get: operations["getCreditNote"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/carrier/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The carrier tells what became of a parcel (signed webhook)
         * @description The carrier calls this route on every change of a parcel or a return. It is public, with no
         *     access token: the `Carrier-Signature` header proves the sender, `t=<unix seconds>,v1=<hex
         *     HMAC-SHA256 of "<t>.<raw body>">` under the secret shared with the carrier for the stage (an
         *     SSM SecureString on AWS); several `v1` may be given while a secret is rolled, and one must
         *     match. A missing or bad signature, one older than 5 minutes, or a body that is not a
         *     `CarrierWebhook` is answered 400 and nothing is recorded. The same webhook `id` again is
         *     answered 200 and has no second effect; a webhook that would move a parcel backwards (a
         *     late `parcel.in_transit` after `parcel.delivered`) is answered 200 and changes nothing.
         *     Shipment emits DELIVERED, DELIVERY_FAILED, PARCEL_RETURNED and RETURN_RECEIVED from them.
         */
        post: operations["receiveCarrierWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        Id: string;
        /** @description ISO 4217 currency code */
        Currency: string;
        /** @description An amount in minor units of its currency (cents for EUR) */
        MinorUnits: number;
        Money: {
            amount: number;
            currency: components["schemas"]["Currency"];
        };
        /** @description The product's package, for the carrier */
        Package: {
            lengthMm: number;
            widthMm: number;
            heightMm: number;
            weightG: number;
        };
        Address: {
            name: string;
            street: string[];
            city: string;
            postalCode: string;
            /** @description ISO 3166-1 alpha-2 country code */
            country: string;
            phone?: string;
        };
        CreateOrderRequest: {
            /** @description The signed-in customer, whom the order is for. It may be left out; if given, it must be the token's subject (403 otherwise). */
            customerId?: components["schemas"]["Id"];
            /**
             * Format: email
             * @deprecated
             * @description Deprecated, and best left out: the order's mail goes to the verified address the identity
             *     provider holds for the signed-in customer, whatever this says. Accepted only as that
             *     address (compared without regard to case); any other is answered 403 `email_not_yours`.
             */
            customerEmail?: string;
            currency: components["schemas"]["Currency"];
            items: components["schemas"]["OrderItemRequest"][];
            deliveryAddress: components["schemas"]["Address"];
            /** @description The payment method to charge, as the payment provider names it (for example `pm_card_visa`) */
            paymentToken: string;
        };
        /** @description What to change; one of the two at a time (who may change which differs). */
        ModifyOrderRequest: {
            deliveryAddress?: components["schemas"]["Address"];
            /** @description The order's new lines, as at creation; the order keeps its currency. */
            items?: components["schemas"]["OrderItemRequest"][];
        };
        OrderItemRequest: {
            productId: components["schemas"]["Id"];
            quantity: number;
            /** @description The price the customer saw, in minor units; it must be the catalogue price. */
            unitPrice: components["schemas"]["MinorUnits"];
        };
        /** @description A line as bought; the product details are copied, so catalogue changes leave the order as it was */
        OrderLine: {
            productId: components["schemas"]["Id"];
            name: string;
            quantity: number;
            unitPrice: components["schemas"]["Money"];
            lineTotal: components["schemas"]["Money"];
            package?: components["schemas"]["Package"];
        };
        /**
         * @description The type of the last event that moved the order along its lifecycle; `CANCELLED` when its
         *     customer cancelled it, `PAYMENT_ACTION_REQUIRED` while the customer has to authenticate the
         *     payment (its `payment` says where), and `PARCEL_BOOKING` once shipment has locked it to book its parcel
         *     (from then on it can no longer be cancelled).
         * @enum {string}
         */
        OrderStatus: "ORDER_CREATED" | "INVOICE_CREATED" | "PAYMENT_ACTION_REQUIRED" | "PAYMENT_CONFIRMED" | "PARCEL_BOOKING" | "PAYMENT_FAILED" | "SHIPPED" | "DELIVERED" | "DELIVERY_FAILED" | "PARCEL_RETURNED" | "SHIPMENT_ERROR" | "PAYMENT_REFUNDED" | "CANCELLED";
        HistoryEntry: {
            /** @description The step's status, or ORDER_MODIFIED for a change, RETURN_REQUESTED and RETURN_RECEIVED for a return, which leave the order's status as it was. */
            status: components["schemas"]["OrderStatus"] | ("ORDER_MODIFIED" | "RETURN_REQUESTED" | "RETURN_RECEIVED");
            /** Format: date-time */
            at: string;
            /**
             * Format: uuid
             * @description The event that made this step
             */
            eventId?: string;
            /** @description What a customer may want to know about this step */
            detail?: string;
            /**
             * @description The order waited in this step (`status`) past the step's deadline and was marked stalled
             *     at `at`; present only on such an entry, which no event made.
             * @constant
             */
            stalled?: true;
        };
        /** @description What every view of an order holds; closed by Order and InternalOrder. */
        OrderFields: {
            orderId: components["schemas"]["Id"];
            status: components["schemas"]["OrderStatus"];
            customerId: components["schemas"]["Id"];
            /**
             * Format: email
             * @description Where mail about the order goes; the customer's verified address at the identity provider when the order was placed.
             */
            customerEmail: string;
            items: components["schemas"]["OrderLine"][];
            subtotal: components["schemas"]["Money"];
            /** @description The delivery fee, 4.90 below 50.00 and free from 50.00 */
            delivery: components["schemas"]["Money"];
            /** @description subtotal + delivery, what the customer is charged */
            total: components["schemas"]["Money"];
            deliveryAddress: components["schemas"]["Address"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Every step of the order, oldest first */
            history: components["schemas"]["HistoryEntry"][];
            /** @description What the customer sent back, or is sending (POST /orders/{orderId}/returns), oldest first */
            returns?: components["schemas"]["Return"][];
            payment?: components["schemas"]["PaymentAction"];
        };
        /**
         * @description What the customer has to do for the payment, present while the order is
         *     PAYMENT_ACTION_REQUIRED: authenticate it (3-D Secure) at `nextActionUrl`, the provider's page
         *     (locally the payment sandbox's, with "Complete authentication" and "Fail authentication").
         */
        PaymentAction: {
            /** @enum {string} */
            status: "requires_action";
            /** Format: uri */
            nextActionUrl: string;
        };
        /** @description A Stripe event as Stripe sends it; billing reads `id`, `type` and `data.object`. */
        PaymentWebhookEvent: {
            id: string;
            /** @constant */
            object: "event";
            type: string;
            created: number;
            data: {
                object: Record<string, never>;
            };
        };
        WebhookReceipt: {
            /** @constant */
            received: true;
            /** @description The event id was recorded before; nothing changed */
            duplicate?: boolean;
        };
        /** @description An order as its customer sees it. */
        Order: components["schemas"]["OrderFields"];
        /** @description An order as other services see it; only billing reads its payment token (PayableOrder). */
        InternalOrder: components["schemas"]["OrderFields"];
        /** @description An order with the payment token to charge it with. */
        PayableOrder: {
            paymentToken: string;
        } & components["schemas"]["OrderFields"];
        Invoice: {
            invoiceId: components["schemas"]["Id"];
            /** @description Sequential and human-readable, `INV-<year>-<series letter>-<six digits>`, without gaps within its series (A to Z, each numbered on its own); invoices issued before series existed read `INV-<year>-<six digits>` */
            invoiceNumber: string;
            orderId: components["schemas"]["Id"];
            customerId: components["schemas"]["Id"];
            /** Format: date-time */
            issuedAt: string;
            lines: {
                productId: components["schemas"]["Id"];
                description: string;
                quantity: number;
                unitPrice: components["schemas"]["Money"];
                lineTotal: components["schemas"]["Money"];
            }[];
            subtotal: components["schemas"]["Money"];
            delivery: components["schemas"]["Money"];
            total: components["schemas"]["Money"];
            billingAddress: components["schemas"]["Address"];
            /** @description The credit notes issued against this invoice, oldest first */
            creditNotes: components["schemas"]["CreditNote"][];
            /** @description total minus every credit note's amount; what the customer has paid for this invoice once every refund has gone through */
            balance: components["schemas"]["Money"];
        };
        /** @description Money given back to a customer against an invoice, one for each refund */
        CreditNote: {
            creditNoteId: components["schemas"]["Id"];
            /** @description Sequential and human-readable, `CN-<year>-<series letter>-<six digits>`, in series of their own, each without gaps; credit notes issued before series existed read `CN-<year>-<six digits>` */
            creditNoteNumber: string;
            invoiceId: components["schemas"]["Id"];
            invoiceNumber: string;
            orderId: components["schemas"]["Id"];
            customerId: components["schemas"]["Id"];
            /** Format: date-time */
            issuedAt: string;
            /** @description What went back to the customer */
            amount: components["schemas"]["Money"];
            /** @description The payment provider's refund this credit note documents */
            refundId: string;
            reason: {
                code: string;
                message: string;
            };
        };
        Product: {
            productId: components["schemas"]["Id"];
            name: string;
            description: string;
            unitPrice: components["schemas"]["MinorUnits"];
            currency: components["schemas"]["Currency"];
            package: components["schemas"]["Package"];
        };
        ProductPage: {
            items: components["schemas"]["Product"][];
            /** @description Pass it as `cursor` to read the next page; absent on the last page. */
            nextCursor?: string;
        };
        /** @description An order in a list; read the order itself for its lines and history. */
        OrderSummary: {
            orderId: components["schemas"]["Id"];
            status: components["schemas"]["OrderStatus"];
            total: components["schemas"]["Money"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        OrderPage: {
            /** @description Newest first */
            items: components["schemas"]["OrderSummary"][];
            /** @description Pass it as `cursor` to read the next page; absent on the last page. */
            nextCursor?: string;
        };
        /** @description A stalled order in the operators' list; read the order itself for its lines and history. */
        StalledOrder: {
            orderId: components["schemas"]["Id"];
            customerId: components["schemas"]["Id"];
            /** @description The step it stalled in */
            status: components["schemas"]["OrderStatus"];
            total: components["schemas"]["Money"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /**
             * Format: date-time
             * @description When it was marked stalled
             */
            stalledAt: string;
        };
        StalledOrderPage: {
            /** @description Longest stalled first */
            items: components["schemas"]["StalledOrder"][];
            /** @description Pass it as `cursor` to read the next page; absent on the last page. */
            nextCursor?: string;
        };
        ProductLookupRequest: {
            productIds: components["schemas"]["Id"][];
        };
        ProductLookupResult: {
            items: components["schemas"]["Product"][];
            /** @description The requested ids that are not in the catalogue */
            missing: components["schemas"]["Id"][];
        };
        /** @description What the carrier says happened to a parcel (`parcel.*`) or to a return (`return.received`). */
        CarrierWebhook: {
            /** @description The carrier's id of this webhook; the same id sent again is the same webhook */
            id: string;
            /** @enum {string} */
            type: "parcel.collected" | "parcel.in_transit" | "parcel.delivered" | "parcel.delivery_failed" | "parcel.returned" | "return.received";
            /** @description When it happened at the carrier, in unix seconds */
            created: number;
            data: {
                shipmentId: components["schemas"]["Id"];
                /** @description What shipment booked the parcel under, the order's id */
                reference: components["schemas"]["Id"];
                trackingNumber?: string;
                /** @description With `parcel.delivery_failed`, how often the carrier tried */
                attempts?: number;
                /** @description With `return.received`, the return it brought back */
                returnId?: components["schemas"]["Id"];
            };
        };
        CarrierWebhookReceipt: {
            /** @constant */
            received: true;
        };
        ReturnRequest: {
            items: components["schemas"]["ReturnLine"][];
            /** @description Why, in the customer's words */
            reason: string;
        };
        ReturnLine: {
            productId: components["schemas"]["Id"];
            quantity: number;
        };
        Return: {
            returnId: components["schemas"]["Id"];
            /**
             * @description REQUESTED until the carrier brings the parcel back (RECEIVED), which is refunded
             * @enum {string}
             */
            status: "REQUESTED" | "RECEIVED";
            items: components["schemas"]["ReturnLine"][];
            reason: string;
            /** Format: date-time */
            requestedAt: string;
            /** Format: date-time */
            receivedAt?: string;
            label: {
                carrier: string;
                trackingNumber: string;
            };
        };
        Error: {
            /**
             * @description Machine-readable, stable
             * @example invalid_request
             * @example order_rejected
             * @example order_not_found
             */
            code: string;
            /** @description For people; never a stack trace or internal detail */
            message: string;
            details: {
                /** @description JSON pointer into the request (`/items/0/unitPrice`), or the name of a parameter */
                path: string;
                message: string;
            }[];
        };
    };
    responses: {
        /**
         * @description No access token, or one that is malformed, expired, not signed by the issuer, or not an
         *     access token of this API's client (`unauthorized`); `message` says which.
         */
        Unauthorized: {
            headers: {
                /** @description `Bearer`, with `error="invalid_token"` when a token was sent and refused (RFC 6750). */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /**
         * @description Signed in, but not allowed (`forbidden`): a `customerId` that is not the caller's, or an
         *     operator changing someone else's order.
         */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /**
         * @description The request does not match this description (`invalid_request`); `details` lists every
         *     mismatch. Beyond the schemas, a body may not be nested more than 16 levels deep, may not have
         *     keys named `__proto__`, `constructor` or `prototype`, and its strings must be well-formed Unicode.
         */
        InvalidRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is over 32 KiB (`payload_too_large`). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is not sent as `application/json` (`unsupported_media_type`). */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is not valid JSON (`malformed_json`). */
        MalformedJson: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /**
         * @description No such resource (`order_not_found`, `product_not_found`, `invoice_not_found`), or one that
         *     is someone else's: the answer is the same, so that an id reveals nothing.
         */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Something failed on the server (`internal_error`); the body says nothing more. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        OrderId: components["schemas"]["Id"];
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    listOrders: {
        parameters: {
            query?: {
                /** @description Whose orders; the caller's by default. */
                customerId?: components["schemas"]["Id"];
                /** @description How many orders a page holds at most. */
                limit?: number;
                /** @description The `nextCursor` of the previous page; absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of orders. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderPage"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    createOrder: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional, and recommended for any client that retries: a key of the client's choosing
                 *     (a UUID, say), 1 to 255 visible ASCII characters, sent again with each retry of the same
                 *     order. The first answer for a key and body is kept for 24 hours and replayed, with the
                 *     header `idempotent-replayed: true`, to every retry with the same body (whatever the order
                 *     of its fields); no second order is ever created. The same key with another body is
                 *     answered 422 `idempotency_key_reused`; a retry while the first request is still being
                 *     processed is answered 409 `request_in_progress`. Answers worth retrying (503, 500) are not
                 *     kept. After 24 hours the key may be used again.
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOrderRequest"];
            };
        };
        responses: {
            /** @description The order was placed. */
            201: {
                headers: {
                    /** @description Where the order can be read, `/orders/{orderId}` */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthorized"];
            /**
             * @description Signed in, but the order cannot be placed in this caller's name: a `customerId` that is
             *     not the caller's (`forbidden`); an account whose e-mail address is missing or not verified
             *     (`email_not_verified`); a `customerEmail` that is not the account's verified address
             *     (`email_not_yours`).
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another request with the same Idempotency-Key is still being processed (`request_in_progress`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description The body is not JSON (`malformed_json`), the Idempotency-Key was used for another body
             *     (`idempotency_key_reused`), or the order cannot be placed as asked (`order_rejected`): a
             *     product is unknown, a price differs from the catalogue, the currency is not the
             *     catalogue's, or a product appears twice. `details` names each problem.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
            /**
             * @description The catalogue cannot be reached to check the order (`catalogue_unavailable`), or the
             *     identity provider to read the customer's e-mail address (`identity_provider_unavailable`);
             *     retry later.
             */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listStalledOrders: {
        parameters: {
            query?: {
                /** @description How many orders a page holds at most. */
                limit?: number;
                /** @description The `nextCursor` of the previous page; absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of stalled orders. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StalledOrderPage"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthorized"];
            /** @description Signed in, but not an operator (`forbidden`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    modifyOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModifyOrderRequest"];
            };
        };
        responses: {
            /** @description The order after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthorized"];
            /**
             * @description Signed in, but not allowed to make this change (`forbidden`): an operator changing the
             *     address, or a customer changing the items of their own order.
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            404: components["responses"]["NotFound"];
            /**
             * @description The order can no longer change this way: `parcel_booked`, `order_ended`, or
             *     `payment_not_confirmed` (items only); `message` says why.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description The body is not JSON (`malformed_json`); the new lines fail the catalogue's checks
             *     (`order_rejected`, `details` names each); or they cost more than the customer paid
             *     (`total_raised`).
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description The catalogue cannot be reached to check the new items (`catalogue_unavailable`); retry later. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    requestReturn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReturnRequest"];
            };
        };
        responses: {
            /** @description The return, with the label to put on the parcel. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Return"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The order is not delivered (`order_not_delivered`), or its return window has closed (`return_window_closed`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description More than was delivered less what was already returned (`return_exceeds_delivered`); `details` points at each line. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The order can no longer be cancelled (`order_not_cancellable`); `message` says why. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getOrderInternal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InternalOrder"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    getPayableOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order, with its payment token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayableOrder"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    lockForParcelBooking: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order, locked for booking (now or by an earlier call). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InternalOrder"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            404: components["responses"]["NotFound"];
            /**
             * @description The order may not be booked (`order_not_bookable`), because it was cancelled or its payment
             *     failed; or orders does not hold it paid yet (`payment_not_recorded`: its PAYMENT_CONFIRMED
             *     has not reached orders, ask again); `message` says which.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "order_not_bookable",
                     *       "message": "The order is CANCELLED; its parcel may not be booked.",
                     *       "details": []
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    releaseParcelBooking: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order, no longer locked for booking. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InternalOrder"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            404: components["responses"]["NotFound"];
            /** @description The carrier has already shipped or refused the parcel (`order_not_releasable`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "order_not_releasable",
                     *       "message": "The order is SHIPPED; the carrier has decided on its parcel.",
                     *       "details": []
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    listProducts: {
        parameters: {
            query?: {
                /** @description How many products a page holds at most. */
                limit?: number;
                /** @description The `nextCursor` of the previous page; absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of products. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductPage"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            500: components["responses"]["InternalError"];
        };
    };
    getProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                productId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The product. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Product"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    lookupProducts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProductLookupRequest"];
            };
        };
        responses: {
            /** @description The products found, and the ids that are not in the catalogue. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductLookupResult"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["MalformedJson"];
            500: components["responses"]["InternalError"];
        };
    };
    receivePaymentWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (several v1 while a secret rolls) */
                "Stripe-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PaymentWebhookEvent"];
            };
        };
        responses: {
            /** @description The event is recorded (or was already), or is of a type billing does not act on. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReceipt"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            500: components["responses"]["InternalError"];
        };
    };
    getInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invoiceId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invoice. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    getCreditNote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invoiceId: components["schemas"]["Id"];
                creditNoteId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credit note. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "creditNoteId": "cn-5f0c2a9d6e1b4c7a8d3e2f10",
                     *       "creditNoteNumber": "CN-2026-A-000001",
                     *       "invoiceId": "inv-ord-1",
                     *       "invoiceNumber": "INV-2026-A-000001",
                     *       "orderId": "ord-1",
                     *       "customerId": "cust-42",
                     *       "issuedAt": "2026-11-22T10:00:00.000Z",
                     *       "amount": {
                     *         "amount": 4488,
                     *         "currency": "EUR"
                     *       },
                     *       "refundId": "re_3Nabc",
                     *       "reason": {
                     *         "code": "order_cancelled",
                     *         "message": "Your order was cancelled",
                     *         "so your payment was refunded.": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["CreditNote"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    receiveCarrierWebhook: {
        parameters: {
            query?: never;
            header: {
                "Carrier-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CarrierWebhook"];
            };
        };
        responses: {
            /** @description The webhook is recorded, or was already (same id), or changed nothing (late). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CarrierWebhookReceipt"];
                };
            };
            /**
             * @description The signature is missing, malformed, stale or matches no `v1` (`invalid_signature`), or
             *     the body is not a CarrierWebhook (`invalid_request`); nothing is recorded.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The webhook names a shipment that shipment never booked (`shipment_not_found`); nothing is recorded. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
}
