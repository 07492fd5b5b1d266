/** Typed reads of a JSON object from the server (a notification's payload, a log entry's details): absent or mistyped is undefined. */
export function fields(d: Record<string, unknown> | null | undefined) {
  return {
    str: (k: string): string | undefined => (typeof d?.[k] === 'string' && d[k] !== '' ? (d[k] as string) : undefined),
    num: (k: string): number | undefined => (typeof d?.[k] === 'number' ? (d[k] as number) : undefined),
  };
}
