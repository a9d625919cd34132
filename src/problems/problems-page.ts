import type { ProblemEntry } from './problem-catalogue';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Escaped text, with `backticks` as <code>. */
const prose = (text: string) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function row({ code, status, title, meaning }: ProblemEntry): string {
  const id = escape(code);
  return `<tr id="${id}"><td><a href="#${id}"><code>${id}</code></a></td><td>${status}</td><td>${escape(title)}</td><td>${prose(meaning)}</td></tr>`;
}

/** The HTML of `GET /problems`: one row per code, each row its own anchor. */
export function renderProblemsPage(entries: readonly ProblemEntry[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald problem types</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }
tr:target { background: #fff3c4; }
code { font-size: .92em; }
</style>
</head>
<body>
<h1>Herald problem types</h1>
<p>Every error Herald answers is Problem Details (RFC 9457, <code>application/problem+json</code>).
Its <code>type</code> is this page with the problem's <code>code</code> as the fragment, and clients
may switch on <code>code</code>: it never changes meaning. <code>detail</code> explains the one
occurrence; <code>requestId</code> finds it in Herald's logs.</p>
<table>
<thead><tr><th>Code</th><th>Status</th><th>Title</th><th>Meaning</th></tr></thead>
<tbody>
${entries.map(row).join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
