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
