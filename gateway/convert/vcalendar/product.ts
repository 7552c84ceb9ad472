// The PRODID the gateway writes into objects it creates (RFC 5545 section 3.7.3).

/** Identifies the gateway as the producer of converted objects. */
export const gatewayProdId = '-//syncml-gateway//NONSGML Calendar Converter//EN';
