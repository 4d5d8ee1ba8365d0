/**
 * The bounce- and complaint-rate levels that both the warm-up plan (hold, step back;
 * warmup-plan.ts) and the reputation alarms (warning, review; reputation-alarms.ts) take
 * their defaults from, so an alarm that tells operators to hold the warm-up fires at the
 * very rate at which the plan holds.
 *
 * Source. The seeds give no thresholds (digest §13), so they come from Amazon SES's published
 * guidance: Amazon SES Developer Guide, "Reputation metrics messages"
 * (https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-messages.html) and
 * "Sending review process FAQs" (https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html):
 * an account is placed **under review** at a bounce rate of 5% and may have its sending
 * **paused** at 10%; for complaints, under review at 0.1% and paused at 0.5%.
 *
 * The warning level, half the review level, is this project's choice, not SES's: a rate
 * that has reached half the review level during a warm-up is the "negative trend" on which
 * the guide says to hold or roll back a step (digest §10.4), and holding there leaves room
 * to recover before SES reviews the account. At the review level itself the plan steps back.
 *
 * All rates are fractions (0.05 = 5%), as SES's `Reputation.*` metrics carry them.
 */

/** A bounce rate and a complaint rate, as fractions. */
export interface RateLevels {
  /** Bounce rate (hard bounces ÷ sent). */
  bounceRate: number;
  /** Complaint rate (complaints ÷ sent). */
  complaintRate: number;
}

/** Where SES places an account under review (see the module comment for the source). */
export const SES_REVIEW_LEVELS: Readonly<RateLevels> = Object.freeze({
  bounceRate: 0.05,
  complaintRate: 0.001,
});

/** Where SES may pause an account's sending (see the module comment for the source). */
export const SES_PAUSE_LEVELS: Readonly<RateLevels> = Object.freeze({
  bounceRate: 0.1,
  complaintRate: 0.005,
});

/** Share of the review level at which the warning level sits: our choice, see above. */
export const WARNING_SHARE_OF_REVIEW = 0.5;

/** Warning levels: half of {@link SES_REVIEW_LEVELS} (2.5% bounces, 0.05% complaints). */
export const WARNING_LEVELS: Readonly<RateLevels> = Object.freeze({
  bounceRate: SES_REVIEW_LEVELS.bounceRate * WARNING_SHARE_OF_REVIEW,
  complaintRate: SES_REVIEW_LEVELS.complaintRate * WARNING_SHARE_OF_REVIEW,
});
