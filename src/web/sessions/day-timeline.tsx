import type { ExamSession } from '../api/sessions-training';

const parse = (t: string) => {
  const m = /(\d{2}):(\d{2})$/.exec(t);
  return m ? Number(m[1]) * 60 + Number(m[2]) + (t.startsWith('次日') ? 1440 : 0) : 0;
};

/**
 * One day's sessions on a time axis: each subject a block from its start to its end, breaks as the gaps between.
 * The axis spans the day's earliest start to its latest end, rounded out to whole hours.
 */
export function DayTimeline({
  sessions,
}: {
  sessions: readonly { key: string; name: string; timeline: ExamSession['timeline'] }[];
}) {
  const starts = sessions.map((s) => parse(s.timeline.startsAt));
  const ends = sessions.map((s) => parse(s.timeline.endsAt));
  const from = Math.floor(Math.min(...starts) / 60) * 60;
  const to = Math.max(Math.ceil(Math.max(...ends) / 60) * 60, from + 60);
  const pct = (m: number) => `${((m - from) / (to - from)) * 100}%`;
  const hours = Array.from({ length: (to - from) / 60 + 1 }, (_, i) => from + i * 60);
  return (
    <div className="gk-timeline">
      <div className="gk-timeline-axis" aria-hidden>
        {hours.map((h) => (
          <span key={h} style={{ left: pct(h) }}>
            {String(Math.floor(h / 60) % 24).padStart(2, '0')}:00
          </span>
        ))}
      </div>
      {sessions.map((s) => (
        <div key={s.key} className="gk-timeline-row">
          <div className="gk-timeline-name">{s.name}</div>
          <div className="gk-timeline-track">
            {s.timeline.subjects.map((x) => (
              <div
                key={x.subject}
                className={`gk-timeline-block gk-timeline-${x.subject}`}
                style={{ left: pct(parse(x.startsAt)), width: pct(from + parse(x.endsAt) - parse(x.startsAt)) }}
                title={`${x.label} ${x.startsAt}—${x.endsAt}${x.breakAfterMinutes ? `，之后休息 ${x.breakAfterMinutes} 分钟` : ''}`}
              >
                {x.label} {x.startsAt}—{x.endsAt}
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
