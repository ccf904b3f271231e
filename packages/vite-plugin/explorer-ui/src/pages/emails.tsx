/** The email outbox: what send_email bindings sent and what email() handlers replied, each an .eml file. */
import { apiUrl, useApi } from "../api.js";
import { Empty, ErrorBox, formatBytes, formatTime, Section } from "../components.js";

interface EmailSummary {
  file: string;
  kind: "sent" | "reply";
  time: number;
  from: string;
  to: string;
  subject: string;
  size: number;
}

export function EmailsPage() {
  const emails = useApi<EmailSummary[]>("emails");
  return (
    <Section title="Emails" actions={<button onClick={emails.reload}>Refresh</button>}>
      <ErrorBox error={emails.error} />
      {emails.data?.length === 0 && (
        <Empty>No email sent yet (send_email bindings and replies of email() handlers land here).</Empty>
      )}
      {emails.data && emails.data.length > 0 && (
        <div class="table-wrap">
          <table aria-label="Emails">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Kind</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {emails.data.map((email) => (
                <tr>
                  <td class="mono">{formatTime(email.time)}</td>
                  <td>
                    <span class="tag">{email.kind}</span>
                  </td>
                  <td>{email.from}</td>
                  <td>{email.to}</td>
                  <td>
                    <a href={apiUrl(`emails/${encodeURIComponent(email.file)}`)} download={email.file}>
                      {email.subject || "(no subject)"}
                    </a>
                  </td>
                  <td>{formatBytes(email.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
