/** Median, min and max of samples; a metric either has samples or an honest "n/a" reason. */
export function summarize(samples) {
  if (!samples || samples.length === 0) return undefined;
  const sorted = samples.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/** A result holder per metric and variant: `add(value)` or `fail(reason)`. */
export class Metric {
  constructor(id, label, unit, { better = "lower", digits = 0 } = {}) {
    Object.assign(this, { id, label, unit, better, digits });
    this.variants = {};
  }

  #slot(variant) {
    return (this.variants[variant] ??= { samples: [] });
  }

  add(variant, value) {
    this.#slot(variant).samples.push(value);
  }

  /** A sample that never completed (e.g. a reload whose new content never showed). */
  stall(variant) {
    const slot = this.#slot(variant);
    slot.stalls = (slot.stalls ?? 0) + 1;
  }

  fail(variant, reason) {
    this.#slot(variant).na = reason;
  }

  summary(variant) {
    const slot = this.variants[variant];
    if (!slot) return undefined;
    return { ...summarize(slot.samples), na: slot.na, stalls: slot.stalls };
  }

  toJSON() {
    const variants = {};
    for (const name of Object.keys(this.variants)) {
      variants[name] = { ...this.variants[name], summary: summarize(this.variants[name].samples) };
    }
    return { id: this.id, label: this.label, unit: this.unit, better: this.better, variants };
  }
}
