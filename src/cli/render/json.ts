/** JSON for scripts. Secret values serialise as `********` (Secret.toJSON), so they never leak here. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
