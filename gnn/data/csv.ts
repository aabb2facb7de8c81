/**
 * A small RFC-4180 CSV reader (quoted fields, doubled quotes, commas and newlines inside quotes,
 * CRLF or LF). Hand-written because no CSV parser is installed and BBBP's names contain quoted commas.
 */
import { DataFormatError } from '../../core/errors';

export interface CsvRow {
  /** 1-based line on which the record starts */
  line: number;
  fields: string[];
}

/** Parses all records; a missing final line break is tolerated here (callers check truncation). */
export function parseCsv(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  let quoted = false;
  let any = false;
  const endRecord = () => {
    fields.push(field);
    rows.push({ line: start, fields });
    fields = [];
    field = '';
    any = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new DataFormatError(file, line, `unexpected '${next}' after a closing quote`);
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      any = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
      any = true;
    }
    i++;
  }
  if (quoted) throw new DataFormatError(file, start, 'unterminated quoted field (file truncated?)');
  if (any || field !== '') endRecord();
  return rows;
}
