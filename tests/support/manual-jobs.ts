import type { ArmedJob, ScheduleJob } from '../../main/reminders/scheduler';
import type { TestClock } from './clock';

/** The scheduler's one timer, fired by the test when the test clock says so. */
export interface ManualJobs {
  scheduleJob: ScheduleJob;
  /** When the live job is armed for; null when none is. */
  armedAt(): Date | null;
  /** Jobs scheduled and not yet cancelled or fired (the scheduler must keep this at 1). */
  live(): number;
  /** How many times a job was scheduled in all. */
  scheduled(): number;
  /** Fires the live job if its time has come on the test clock; true when it fired. */
  fireIfDue(): boolean;
}

export function manualJobs(clock: TestClock): ManualJobs {
  const jobs = new Set<{ at: Date; run: () => void }>();
  let count = 0;
  return {
    scheduleJob(at, run): ArmedJob {
      const job = { at, run };
      jobs.add(job);
      count += 1;
      return { cancel: () => void jobs.delete(job) };
    },
    armedAt() {
      const [first] = [...jobs].sort((a, b) => a.at.getTime() - b.at.getTime());
      return first?.at ?? null;
    },
    live: () => jobs.size,
    scheduled: () => count,
    fireIfDue() {
      for (const job of jobs) {
        if (job.at.getTime() <= clock.now().getTime()) {
          jobs.delete(job);
          job.run();
          return true;
        }
      }
      return false;
    },
  };
}
