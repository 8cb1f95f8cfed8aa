import type { PiiType } from '../detect-pii.js';

/**
 * A per-category PII corpus: for every kind of personal data, texts that hold one value each
 * (what must be found, exactly), and look-alikes a help desk sees every day that must never be
 * flagged as anything. docs/security.md reports recall and false positives from it.
 */
export interface PiiCategoryCase {
  readonly text: string;
  readonly value: string;
}

export const piiCategoryPositives: Readonly<Record<PiiType, readonly PiiCategoryCase[]>> = {
  email: [
    { text: 'write to jane.doe@example.com', value: 'jane.doe@example.com' },
    { text: 'J.SMITH+orders@mail.co.uk is mine', value: 'J.SMITH+orders@mail.co.uk' },
    { text: 'Mail: jürgen@exämple.de', value: 'jürgen@exämple.de' },
    { text: 'почта@пример.рф — пишите', value: 'почта@пример.рф' },
    { text: 'Escríbeme: José.Núñez@correo.es', value: 'José.Núñez@correo.es' },
    { text: '连系 用户@例子.广告 谢谢', value: '用户@例子.广告' },
    { text: 'δοκιμή@παράδειγμα.δοκιμή', value: 'δοκιμή@παράδειγμα.δοκιμή' },
    { text: 'punycode: info@xn--mnchen-3ya.de', value: 'info@xn--mnchen-3ya.de' },
    { text: 'françois.o’neil@example.fr wrote', value: 'françois.o’neil@example.fr' },
    { text: '(a@b.io)', value: 'a@b.io' },
    { text: 'last one: first.last@sub.domain.org.', value: 'first.last@sub.domain.org' },
    { text: 'MAIL ME AT SUPPORT-TEAM@EXAMPLE.COM', value: 'SUPPORT-TEAM@EXAMPLE.COM' },
  ],
  phone: [
    { text: 'Call me at (415) 555-2671 after 5', value: '(415) 555-2671' },
    { text: 'my cell is 212-555-0187', value: '212-555-0187' },
    { text: 'phone: 415.555.2671', value: '415.555.2671' },
    { text: 'US +1 415 555 2671', value: '+1 415 555 2671' },
    { text: 'UK office +44 20 7946 0958', value: '+44 20 7946 0958' },
    { text: 'mobile +44 7911 123456', value: '+44 7911 123456' },
    { text: 'Berlin: +49 30 901820', value: '+49 30 901820' },
    { text: 'Paris +33 1 42 68 53 00 merci', value: '+33 1 42 68 53 00' },
    { text: 'Tokyo +81 3-1234-5678', value: '+81 3-1234-5678' },
    { text: 'Sydney +61 2 9374 4000', value: '+61 2 9374 4000' },
    { text: 'call 4155552671 today', value: '4155552671' },
  ],
  card: [
    { text: 'Card 4111 1111 1111 1111 exp 12/27', value: '4111 1111 1111 1111' },
    { text: 'charge 5555555555554444 please', value: '5555555555554444' },
    { text: 'amex 3782-822463-10005', value: '3782-822463-10005' },
    { text: 'Discover 6011111111111117', value: '6011111111111117' },
    { text: 'MC 5105-1051-0510-5100', value: '5105-1051-0510-5100' },
    { text: 'Diners 30569309025904', value: '30569309025904' },
    { text: 'JCB card 3530111333300000', value: '3530111333300000' },
    { text: 'old visa 4222222222222', value: '4222222222222' },
  ],
  iban: [
    { text: 'IBAN GB82 WEST 1234 5698 7654 32', value: 'GB82 WEST 1234 5698 7654 32' },
    { text: 'iban gb82 west 1234 5698 7654 32', value: 'gb82 west 1234 5698 7654 32' },
    { text: 'pay to DE89370400440532013000 today', value: 'DE89370400440532013000' },
    { text: 'de89 3704 0044 0532 0130 00 is my account', value: 'de89 3704 0044 0532 0130 00' },
    { text: 'spaced oddly: DE 89 3704 0044 053201 3000', value: 'DE 89 3704 0044 053201 3000' },
    { text: 'FR14 2004 1010 0505 0001 3M02 606', value: 'FR14 2004 1010 0505 0001 3M02 606' },
    { text: 'Dutch account NL91ABNA0417164300.', value: 'NL91ABNA0417164300' },
    { text: 'nl91abna0417164300 (lower case)', value: 'nl91abna0417164300' },
    { text: 'ES91-2100-0418-4502-0005-1332', value: 'ES91-2100-0418-4502-0005-1332' },
    { text: 'IT60X0542811101000000123456', value: 'IT60X0542811101000000123456' },
    { text: 'Swiss CH93 0076 2011 6238 5295 7', value: 'CH93 0076 2011 6238 5295 7' },
    { text: 'Norway NO9386011117947', value: 'NO9386011117947' },
  ],
  ssn: [
    { text: 'my SSN is 123-45-6789', value: '123-45-6789' },
    { text: 'social: 078 05 1120', value: '078 05 1120' },
    { text: 'SSN: 219099999', value: '219099999' },
    { text: 'Social Security Number 536-22-1234 for the tax form', value: '536-22-1234' },
    { text: 'SSN 457-55-5462.', value: '457-55-5462' },
  ],
  ip: [
    { text: 'login from 192.168.1.20 failed', value: '192.168.1.20' },
    { text: 'my IP is 203.0.113.7.', value: '203.0.113.7' },
    { text: 'server 8.8.8.8 answered', value: '8.8.8.8' },
    { text: 'v6 2001:db8::8a2e:370:7334 blocked', value: '2001:db8::8a2e:370:7334' },
    { text: 'full 2001:0db8:85a3:0000:0000:8a2e:0370:7334', value: '2001:0db8:85a3:0000:0000:8a2e:0370:7334' },
    { text: 'link-local fe80::1ff:fe23:4567:890a here', value: 'fe80::1ff:fe23:4567:890a' },
    { text: 'mapped ::ffff:192.0.2.128 too', value: '::ffff:192.0.2.128' },
  ],
  secret: [
    { text: 'my key is sk-proj-abcdefghijklmnopqrstuvwxyz123456', value: 'sk-proj-abcdefghijklmnopqrstuvwxyz123456' },
    { text: 'HF token hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345', value: 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345' },
    { text: 'aws AKIAIOSFODNN7EXAMPLE', value: 'AKIAIOSFODNN7EXAMPLE' },
    { text: 'session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', value: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c' },
    { text: 'Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543', value: '8f14e45fceea167a5a36dedd4bea2543' },
    { text: 'curl -H "Authorization: bearer ya29.a0AfH6SMBx3-kJ9" https://api', value: 'ya29.a0AfH6SMBx3-kJ9' },
    { text: 'Authorization: Basic dXNlcjpwYXNzd29yZA==', value: 'dXNlcjpwYXNzd29yZA==' },
    { text: 'basic YWxhZGRpbjpvcGVuc2VzYW1l', value: 'YWxhZGRpbjpvcGVuc2VzYW1l' },
  ],
};

/** Identifiers and numbers that look like PII and are not. None may be flagged as anything. */
export const piiLookAlikes: Readonly<Record<string, readonly string[]>> = {
  'member ids': ['Member MID-2024-01-15-22 needs a call', 'MID-2025-11-04-12 and MID-2025-11-03-11592', 'member 2025-11-03-8253', 'CUST-4155552671 is the customer id'],
  'order numbers': ['Where is my order #54321?', 'Order 2125551234 has not arrived', 'order number 4111111111111111 is missing', 'Order ORD-2025-11-03-4111 shipped', 'PO-7946-0958-20 arrived'],
  'ticket ids': ['Ticket #123456789012 escalated', 'see TKT-4155552671', 'case 00123456 reopened', 'JIRA-20231115 is done'],
  dates: ['Follow up on 2025-11-03, 11/03/2025 or 03.11.2025', 'Delivered on 3 November 2025 at 10:30', 'between 2024-01-15 and 2024-02-15', 'timestamp 2025-11-03T10:30:45Z', 'on 15-01-2024 at 10:30:45'],
  versions: ['Version 4.1.11 of the app', 'upgrade to v10.2.0.1', 'firmware 192.168.4.2 is out', 'build 2024.01.15.22', 'iOS 17.4.1, app 3.12.0-beta.2'],
  'tracking numbers': ['Tracking 1Z999AA10123456784 via UPS', 'tracking number 9400 1000 0000 0000 0000 00', 'USPS 9400111899223197428490', 'FedEx tracking 7946 0958 2671'],
  'amounts and codes': ['Total €4,111.11 plus 19% VAT', 'Refund of 1500000 USD? No, $15,000.00', 'SKU 4006381333931 (EAN barcode)', 'ISBN 978-3-16-148410-0', 'ZIP 94103, apartment 12B', 'Use the discount code SAVE20'],
  'other look-alikes': ['Meet at 10:30:45', 'ratio 3:2:1', 'the Basic membership plan', 'bearer of bad news', 'token holders get 10% off', 'logo@2x.png and @media print', 'reply to @jane_doe on X', 'Room 4111, floor 11', 'Card ending in 1111', 'Ref 20251103115920000'],
};
