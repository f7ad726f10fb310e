import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { readUpload } from '../../platform/uploads.js';
import { bankImageSchema, imageIdParams } from './bank-images.schemas.js';
import { IMAGE_MAX_BYTES, readImage, uploadImage } from './bank-images.service.js';

const TAGS = ['题库'];

export function bankImageRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/bank-images',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '上传试题图片（题干或选项用；PNG、JPEG、GIF、WebP，不超过 2 MB）',
          description:
            'multipart/form-data：file。类型由文件内容识别（不看文件名），其他文件以 400 IMAGE_TYPE_INVALID 拒绝；相同的图片只存一份（返回已有图片的编号）。',
          consumes: ['multipart/form-data'],
          response: { 200: bankImageSchema },
        },
      },
      async (request) => {
        const ctx = serviceContext(request);
        const { file } = await readUpload(request, {
          maxBytes: IMAGE_MAX_BYTES,
          fields: [],
          tooLarge: { code: 'IMAGE_TOO_LARGE', message: `图片不能超过 ${IMAGE_MAX_BYTES / 1024 / 1024} MB` },
          missingFile: '请选择要上传的图片',
        });
        return uploadImage(deps, ctx, file.data);
      },
    );

    app.get(
      '/api/bank-images/:id',
      {
        config: { access: 'bank.read' },
        schema: { tags: TAGS, summary: '试题图片（原图）', params: imageIdParams },
      },
      async (request, reply) => {
        const image = await readImage(deps, serviceContext(request), request.params.id);
        return reply
          .type(image.mimeType)
          .header('cache-control', 'no-store')
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', 'inline')
          .send(image.data);
      },
    );
  };
}
