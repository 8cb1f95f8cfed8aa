import pc from 'picocolors';

/**
 * Small terminal helpers for the demo: colour only when the terminal supports it (picocolors
 * honours NO_COLOR, FORCE_COLOR and non-TTY output), tables that fit, and a progress bar that
 * redraws in place on a TTY and prints milestones otherwise.
 */
export const color = pc;

// eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
const ansi = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string): number => [...text.replace(ansi, '')].length;
const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - visibleLength(text)));
const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - visibleLength(text))) + text;

function truncate(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  const plain = [...text.replace(ansi, '')];
  return `${plain.slice(0, Math.max(0, width - 1)).join('')}…`;
}

export interface Column<ROW> {
  readonly header: string;
  readonly value: (row: ROW) => string | number;
  readonly align?: 'left' | 'right';
  /** Longer cells are cut with an ellipsis. */
  readonly maxWidth?: number;
  readonly style?: (text: string, row: ROW) => string;
}

/** Prints rows as an aligned table with a dim rule under the header. */
export function table<ROW>(rows: readonly ROW[], columns: readonly Column<ROW>[]): void {
  const cells = rows.map((row) => columns.map((column) => truncate(String(column.value(row)), column.maxWidth ?? 60)));
  const widths = columns.map((column, index) => Math.max(visibleLength(column.header), ...cells.map((row) => visibleLength(row[index]!))));
  const line = (values: readonly string[], styles?: readonly ((text: string) => string)[]): string =>
    '  ' +
    values
      .map((value, index) => {
        const padded = columns[index]!.align === 'right' ? padStart(value, widths[index]!) : padEnd(value, widths[index]!);
        return styles?.[index] ? styles[index]!(padded) : padded;
      })
      .join('  ');
  console.log(line(columns.map((column) => column.header), columns.map(() => (text: string) => pc.bold(text))));
  console.log(pc.dim(`  ${widths.map((width) => '─'.repeat(width)).join('  ')}`));
  rows.forEach((row, rowIndex) => {
    console.log(line(cells[rowIndex]!, columns.map((column) => (column.style ? (text: string) => column.style!(text, row) : (text: string) => text))));
  });
}

/** A section title. */
export function section(number: number, title: string, subtitle?: string): void {
  console.log(`\n${pc.bold(pc.cyan(`${number}. ${title}`))}${subtitle ? pc.dim(`  ${subtitle}`) : ''}`);
}

/** Indented, wrapped prose (model answers, drafts). */
export function quote(text: string, width = 88): void {
  for (const paragraph of text.split('\n')) {
    if (paragraph.trim() === '') {
      console.log(pc.dim('  │'));
      continue;
    }
    let current = '';
    for (const word of paragraph.split(/\s+/)) {
      if (current && visibleLength(current) + 1 + visibleLength(word) > width) {
        console.log(`${pc.dim('  │')} ${current}`);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    if (current) console.log(`${pc.dim('  │')} ${current}`);
  }
}

/** `label: value` lines. */
export function facts(entries: readonly (readonly [string, string])[]): void {
  const width = Math.max(...entries.map(([label]) => label.length));
  for (const [label, value] of entries) console.log(`  ${pc.dim(label.padEnd(width))}  ${value}`);
}

export interface ProgressBar {
  tick(label?: string): void;
  done(summary: string): void;
}

/** A progress bar: redrawn in place on a TTY, one line per quarter otherwise (CI logs stay short). */
export function progressBar(total: number, stream: NodeJS.WriteStream = process.stdout): ProgressBar {
  let completed = 0;
  let lastMilestone = 0;
  const width = 28;
  const render = (label: string): string => {
    const filled = Math.round((completed / total) * width);
    return `  ${pc.green('█'.repeat(filled))}${pc.dim('░'.repeat(width - filled))} ${String(completed).padStart(String(total).length)}/${total} ${pc.dim(label)}`;
  };
  return {
    tick(label = '') {
      completed = Math.min(total, completed + 1);
      if (stream.isTTY) {
        stream.write(`\r\u001b[2K${render(label)}`);
        return;
      }
      const milestone = Math.floor((completed / total) * 4);
      if (milestone > lastMilestone || completed === total) {
        lastMilestone = milestone;
        stream.write(`${render(label)}\n`);
      }
    },
    done(summary) {
      if (stream.isTTY) stream.write('\r\u001b[2K');
      stream.write(`  ${pc.green('✔')} ${summary}\n`);
    },
  };
}
