// html-to-text ships no types; what parse.ts uses of it.
declare module 'html-to-text' {
  export function convert(html: string, options?: Record<string, unknown>): string;
}
