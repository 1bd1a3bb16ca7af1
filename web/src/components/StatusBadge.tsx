import { Badge } from '@mantine/core';

/**
 * A small filled label. Mantine's default green and grey badges fall under 4.5:1 contrast at
 * badge size, so the two tones here are dark enough for white text (about 6.5:1 and 8:1).
 */
export function StatusBadge({ tone, children }: { tone: 'positive' | 'neutral'; children: string }) {
  return (
    <Badge variant="filled" color={tone === 'positive' ? '#1b6b2e' : '#495057'} autoContrast={false}>
      {children}
    </Badge>
  );
}
