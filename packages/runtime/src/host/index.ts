export { RpcRouter, type RpcRouterOptions } from "./rpc-router.js";
export { DurableObjectDirectory, type GenerationLink } from "./durable-object-directory.js";
export { AlarmScheduler, MAX_ALARM_RETRIES } from "./alarm-scheduler.js";
export { HibernatableWebSockets, type HibernatableWebSocketsOptions } from "./hibernatable-web-sockets.js";
export { lockStateDirectory, type StateDirectoryLock, type StateDirectoryOwner } from "../storage/state-directory-lock.js";
export { workerStateDir } from "../storage/state-path.js";
export {
  QueueBroker,
  type QueueBatch,
  type QueueBatchReport,
  type QueueBrokerOptions,
  type QueueInspection,
  type DeliveryResult,
} from "./queues/queue-broker.js";
export type { Decision as QueueDecision } from "./queues/decide.js";
export type { QueueActivityEntry } from "./queues/queue-activity.js";
export {
  WorkflowEngines,
  WorkflowEngine,
  type RunOutcome,
  type WorkflowEngineEvent,
  type WorkflowEnginesOptions,
  describeInstance as describeWorkflowInstance,
  listInstances as listWorkflowInstances,
  type WorkflowInstanceSummary,
  type WorkflowInstanceView,
  type WorkflowStepView,
} from "./workflows/index.js";
