/**
 * Sends a PDF (and text fields) as multipart/form-data, the way the file routes take it. fetch
 * rather than the typed client: the OpenAPI document does not describe multipart bodies. The CSRF
 * token is the session's, passed by the caller; a refusal becomes an ApiError like any other call.
 */
import { ApiError, toApiError } from '../../api/errors';

export async function postMultipart<T>(
  url: string,
  file: File | null,
  fields: Record<string, string>,
  csrfToken: string | null,
  options: { method?: 'POST' | 'PUT'; fileField?: string } = {},
): Promise<T> {
  const { method = 'POST', fileField = 'file' } = options;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append(fileField, file);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      body: form,
      credentials: 'same-origin',
      headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
    });
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'NETWORK',
      title: 'Network error',
      detail: cause instanceof Error ? cause.message : undefined,
    });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text for the error
  }
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

/** The file codes the server gives for a refused upload, worded by the UI at the file field. */
export const FILE_ERROR_CODES = [
  'FILE_NOT_PDF',
  'FILE_TOO_LARGE',
  'FILE_EMPTY',
  'PAYLOAD_TOO_LARGE',
] as const;
