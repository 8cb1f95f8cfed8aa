export { withPiiRedaction } from './with-pii-redaction.js';
export type { WithPiiRedactionOptions } from './with-pii-redaction.js';
