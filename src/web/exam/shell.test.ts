import { describe, expect, it } from 'vitest';
import { shellFiles } from './shell.js';

describe('shellFiles', () => {
  it("names the page's same-origin scripts, preloads, style sheets and icon once, never the API or another origin", () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
      <script type="module" crossorigin src="/assets/exam-AbC123.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/react-9x8Y.js">
      <link rel="stylesheet" crossorigin href="/assets/exam-Zz.css">
      <link rel="preconnect" href="https://example.com/x.js">
      <script src="//cdn.example.com/y.js"></script>
      <a href="/api/exam/state">x</a><a href="/exam/">back</a>
      <script src="/assets/exam-AbC123.js?v=1"></script>
    </head></html>`;
    expect(shellFiles(html)).toEqual([
      '/favicon.svg',
      '/assets/exam-AbC123.js',
      '/assets/react-9x8Y.js',
      '/assets/exam-Zz.css',
    ]);
  });
});
