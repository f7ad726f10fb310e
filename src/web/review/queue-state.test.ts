import { describe, expect, it } from 'vitest';
import {
  beforeWindow,
  describeQueueFilter,
  filterBulkAllowed,
  hasFilters,
  parseQueueState,
  queueFilter,
  queueSearch,
} from './queue-state';

describe('review queue state in the address', () => {
  it('defaults to the pending view, first page of 20', () => {
    const s = parseQueueState(new URLSearchParams(''));
    expect(s).toMatchObject({ view: 'pending', page: 1, pageSize: 20 });
    expect(hasFilters(s)).toBe(false);
    expect(queueSearch(s).toString()).toBe('');
  });

  it('round-trips every filter, sort and page', () => {
    const qs =
      'view=all&campaignId=3&status=returned&departmentId=12&category=%E4%BA%A4%E9%80%9A&grade=3&verdict=ineligible&overruled=true&q=%E5%BC%A0&sort=name&order=desc&page=4&pageSize=50';
    const s = parseQueueState(new URLSearchParams(qs));
    expect(s).toEqual({
      view: 'all',
      campaignId: 3,
      status: 'returned',
      jurisdictionId: undefined,
      departmentId: 12,
      unitId: undefined,
      category: '交通',
      grade: 3,
      verdict: 'ineligible',
      overruled: true,
      q: '张',
      sort: 'name',
      order: 'desc',
      page: 4,
      pageSize: 50,
    });
    expect(parseQueueState(queueSearch(s))).toEqual(s);
    expect(hasFilters(s)).toBe(true);
  });

  it('drops values the server would refuse', () => {
    const s = parseQueueState(
      new URLSearchParams('view=nope&status=bogus&grade=9&verdict=x&sort=id&order=up&page=-1&pageSize=7&unitId=abc'),
    );
    expect(s).toMatchObject({ view: 'pending', page: 1, pageSize: 20 });
    expect(s.status).toBeUndefined();
    expect(s.grade).toBeUndefined();
    expect(s.verdict).toBeUndefined();
    expect(s.sort).toBeUndefined();
    expect(s.order).toBeUndefined();
    expect(s.unitId).toBeUndefined();
  });

  it('the bulk filter carries the view and the filters, not paging or sorting', () => {
    const s = parseQueueState(new URLSearchParams('view=returned&grade=5&sort=name&page=2'));
    expect(queueFilter(s)).toEqual({
      view: 'returned',
      status: undefined,
      jurisdictionId: undefined,
      departmentId: undefined,
      unitId: undefined,
      category: undefined,
      grade: 5,
      verdict: undefined,
      overruled: undefined,
      q: undefined,
    });
  });
});

describe('bulk over the filter', () => {
  it('is allowed only on tabs where every row waits for this level', () => {
    expect(filterBulkAllowed('pending', 'unit')).toBe(true);
    expect(filterBulkAllowed('returned', 'department')).toBe(true);
    expect(filterBulkAllowed('returned', 'unit')).toBe(false);
    expect(filterBulkAllowed('all', 'province')).toBe(false);
    expect(filterBulkAllowed('awaiting_batch', 'jurisdiction')).toBe(false);
  });

  it('says the filter in words', () => {
    const s = parseQueueState(new URLSearchParams('view=pending&departmentId=12&grade=4&verdict=eligible&q=张'));
    expect(describeQueueFilter(s, { org: '郑州市教育局' })).toBe(
      '“待审核”中的申请；主管部门：郑州市教育局（含下级）；申报等级：四级（中级工）；系统判定：符合；姓名或身份证号含“张”',
    );
    expect(describeQueueFilter(parseQueueState(new URLSearchParams('unitId=3')))).toBe(
      '“待审核”中的申请；单位：所选单位',
    );
  });
});

describe('the review window', () => {
  it('knows when today is before the window opens (today = end less days left)', () => {
    const window = { startsOn: '2017-03-06', endsOn: '2017-03-20' };
    expect(beforeWindow({ ...window, daysLeft: 20 })).toBe(true); // today 2017-02-28
    expect(beforeWindow({ ...window, daysLeft: 14 })).toBe(false); // today 2017-03-06
    expect(beforeWindow({ ...window, daysLeft: -1 })).toBe(false);
  });
});
