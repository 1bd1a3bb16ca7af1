/**
 * A small filled label for a state (active, disabled, revoked). Plain CSS rather than Mantine's
 * Badge: Badge truncates its text inside narrow table cells and its default green and grey fall
 * under 4.5:1 contrast; these two tones give about 6.5:1 and 8:1 with white text.
 */
export function StatusBadge({ tone, children }: { tone: 'positive' | 'neutral'; children: string }) {
  return (
    <span className="status-badge" data-tone={tone}>
      {children}
    </span>
  );
}
