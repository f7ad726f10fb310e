import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import {
  calendarDayBody,
  calendarDayResponse,
  calendarQuery,
  calendarResponse,
  dateParams,
} from './calendar.schemas.js';
import { deleteCalendarDay, listCalendar, setCalendarDay } from './calendar.service.js';

const TAGS = ['工作日历'];

export function calendarRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/calendar',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: TAGS,
          summary: '工作日历：一年中的放假日期和调休上班日期（公示期、复核期限按工作日计）',
          querystring: calendarQuery,
          response: { 200: calendarResponse },
        },
      },
      async (request) => listCalendar(deps, serviceContext(request), request.query.year),
    );

    app.put(
      '/api/calendar/:date',
      {
        config: { access: 'calendar.manage' },
        schema: {
          tags: TAGS,
          summary: '设置工作日历的一天（省级）：放假，或周末调休上班；记入审计日志',
          params: dateParams,
          body: calendarDayBody,
          response: { 200: calendarDayResponse },
        },
      },
      async (request) => setCalendarDay(deps, serviceContext(request), request.params.date, request.body),
    );

    app.delete(
      '/api/calendar/:date',
      {
        config: { access: 'calendar.manage' },
        schema: {
          tags: TAGS,
          summary: '删除工作日历的一天（省级）：恢复为平常的工作日或周末',
          params: dateParams,
          response: { 200: z.object({ deleted: z.boolean() }) },
        },
      },
      async (request) => deleteCalendarDay(deps, serviceContext(request), request.params.date),
    );
  };
}
