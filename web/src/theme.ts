import { createTheme } from '@mantine/core';

/**
 * Shade 8 of every palette for filled colours keeps white text above 4.5:1 contrast (WCAG AA);
 * Mantine's default shade 6 does not for blue, red or green.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", Tahoma, sans-serif',
  headings: { fontWeight: '700' },
  focusRing: 'auto',
});
