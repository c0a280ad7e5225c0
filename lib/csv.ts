/** CSV as spreadsheets read and write it (RFC 4180): comma-separated, quoted where needed, CRLF between records. */

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading =, +, - or @ would be run as a formula by a spreadsheet opening an export.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** One record of a parsed file: its fields, or why the line could not be read. */
export type CsvRecord = { line: number; fields: string[]; problem: null } | { line: number; fields: null; problem: string };

/**
 * Splits a CSV text into records, each with the line it starts on. A record
 * with an unclosed quote, or text after a closing quote, is reported as a
 * problem instead of swallowing the lines after it.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    if (lines[i].trim() === '') continue;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let afterQuote = false;
    let problem: string | null = null;
    let line = lines[i];
    for (let c = 0; ; c++) {
      if (c === line.length) {
        if (!quoted) break;
        // A quoted field may hold a line break: go on with the next line, within reason.
        if (i + 1 >= lines.length || i + 1 - (start - 1) > 20) {
          problem = 'A quoted field is never closed.';
          break;
        }
        field += '\n';
        line = lines[++i];
        c = -1;
        continue;
      }
      const ch = line[c];
      if (quoted) {
        if (ch !== '"') field += ch;
        else if (line[c + 1] === '"') (field += '"'), c++;
        else (quoted = false), (afterQuote = true);
      } else if (ch === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (afterQuote) {
        problem = 'Text follows a closing quote; put the whole field in quotes.';
        break;
      } else if (ch === '"' && field.trim() === '') {
        quoted = true;
        field = '';
      } else {
        field += ch;
      }
    }
    if (problem) {
      // The lines a broken quote ran over are read again on their own.
      i = start - 1;
      records.push({ line: start, fields: null, problem });
      continue;
    }
    fields.push(field);
    records.push({ line: start, fields: fields.map((f) => f.trim()), problem: null });
  }
  return records;
}
