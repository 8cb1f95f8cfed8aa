import { ChatWidget } from './components/chat-widget';
import { Inbox } from './components/inbox';

export default function Home() {
  return (
    <main className="page">
      <header className="page-header">
        <h1>Inbox</h1>
        <p className="muted">Ordered by crmkit&apos;s smart score. Click a ticket to see why it is where it is, and its draft reply.</p>
      </header>
      <Inbox />
      <ChatWidget />
    </main>
  );
}
