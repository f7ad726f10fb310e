import type { BankImage } from '../../server/modules/banks/bank-images.schemas';
import { request } from './client';

export const bankImageApi = {
  /** One picture (PNG, JPEG, GIF, WebP, at most 2 MB); the answer's id goes into the item's content. */
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<BankImage>('/api/bank-images', { method: 'POST', form });
  },
  /** Where the browser reads a picture (the session's cookie; bank managers only; never cached). */
  url: (id: string) => `/api/bank-images/${encodeURIComponent(id)}`,
};
