/** `workflows` -> Workflow binding descriptors (the engine keys instances by workflow name). */
import { z } from "zod";
import type { BindingDescriptor } from "@kindling/runtime/protocol";
import { KindlingConfigError } from "../errors.js";
import { defineConfigUnit } from "./define.js";

/** Production's default of `limits.steps` (https://developers.cloudflare.com/workflows/reference/limits/). */
export const defaultStepLimit = 10_000;

const workflow = z.looseObject({
  // A workflow's name also names its state file: production's pattern keeps it a plain file name.
  name: z
    .string()
    .max(64, "must be at most 64 characters long")
    .regex(/^[a-zA-Z0-9_][a-zA-Z0-9-_]*$/, "must be letters, digits, _ and - (not starting with -)"),
  binding: z.string().min(1),
  class_name: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, "must be a JavaScript class name"),
  script_name: z.string().min(1).optional(),
  limits: z.looseObject({ steps: z.number().int().min(1).optional() }).optional(),
});

export const workflowsConfig = defineConfigUnit({
  shape: { workflows: z.array(workflow).optional() },
  read: (config, { fileName, workerName }) => {
    const classes = new Map<string, { className: string; index: number }>();
    return (config.workflows ?? []).map((entry, index): BindingDescriptor<"workflow"> => {
      const external = entry.script_name !== undefined && entry.script_name !== workerName;
      const seen = classes.get(entry.name);
      if (!external && seen && seen.className !== entry.class_name) {
        throw new KindlingConfigError(
          `[kindling] ${fileName}: "workflows[${index}]" names workflow "${entry.name}" with class "${entry.class_name}", ` +
            `but "workflows[${seen.index}]" runs it with class "${seen.className}". A workflow has one class: ` +
            `use the same "class_name", or another "name".`,
        );
      }
      if (!external) classes.set(entry.name, { className: entry.class_name, index });
      return {
        type: "workflow",
        name: entry.binding,
        workflowName: entry.name,
        className: entry.class_name,
        ...(external ? { scriptName: entry.script_name } : {}),
        stepLimit: entry.limits?.steps ?? defaultStepLimit,
      };
    });
  },
});
