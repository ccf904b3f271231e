/** `cloudflare:email`, as seen by user code inside a generation. */
export { EmailMessage } from "../email/email-message.js";
