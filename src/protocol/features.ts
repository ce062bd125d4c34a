// What a server's FEAT lines (RFC 2389) say it offers, pure. Server text: read, never trusted further.

/** A FEAT line offering AUTH TLS (RFC 4217), or its older name AUTH SSL: explicit FTPS. */
export const offersAuthTls = (feature: string): boolean => /^AUTH\b.*\b(TLS|SSL)\b/i.test(feature);
