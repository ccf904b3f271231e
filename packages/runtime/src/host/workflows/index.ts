export { WorkflowEngines, type WorkflowEnginesOptions } from "./engines.js";
export { WorkflowEngine } from "./engine.js";
export type { RunOutcome, WorkflowEngineEvent, WorkflowEngineOptions } from "./runs.js";
export {
  describeInstance,
  listInstances,
  type WorkflowInstanceSummary,
  type WorkflowInstanceView,
  type WorkflowStepView,
} from "./inspect.js";
