/**
 * The bot's plain text as markdown channels render it (Teams, and Microsoft Web Chat on the
 * bot's own Direct Line). Both read a bot's text as markdown, where a single
 * line break is not a break: the summaries' "• Nomor: …" lines would run together. Lines that
 * start with "• " become a markdown list (a blank line before and after), any other single line
 * break a paragraph break; paragraphs already apart stay as they are.
 */
export function plainTextAsMarkdown(text: string): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let inList = false;
  for (const line of lines) {
    const item = /^\s*•\s+(.*)$/.exec(line);
    if (item) {
      if (!inList && out.length > 0 && out.at(-1) !== '') out.push('');
      out.push(`- ${item[1]}`);
      inList = true;
      continue;
    }
    if (line === '') {
      if (out.at(-1) !== '') out.push('');
      inList = false;
      continue;
    }
    // A paragraph (or the line after a list) stands apart.
    if (out.length > 0 && out.at(-1) !== '') out.push('');
    out.push(line);
    inList = false;
  }
  return out.join('\n');
}
