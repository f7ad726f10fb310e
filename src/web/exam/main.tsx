// The candidate's exam client (/exam/): a small entry of its own for old test-centre PCs, without the officials'
// app (no antd, no router, no query library). See docs/api-exam-day.md.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ExamApp } from './app.js';
import './exam.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ExamApp />
    </StrictMode>,
  );
}

// Keep the page on this PC (sw.ts), so that it opens again while the network is down. Browsers allow a service worker
// only on HTTPS or localhost; without one the exam still works, but a reload needs the server. (The development server
// has no /exam/sw.js: the registration fails there, quietly.)
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/exam/sw.js', { scope: '/exam/' }).catch(() => undefined);
}
