import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema } from "./gen/google/rpc/error_details_pb";

/** A failed call, in the words a person can act on. */
export interface CallFailure {
  /** The gRPC status name, e.g. `INVALID_ARGUMENT`. */
  code: string;
  message: string;
  /** From `google.rpc.ErrorInfo` details: why, in which domain, about what. */
  infos: { reason: string; domain: string; metadata: [string, string][] }[];
  /** From `google.rpc.BadRequest` details: each bad field and what is wrong with it. */
  violations: { field: string; description: string }[];
}

/** `NotFound` -> `NOT_FOUND`: the names the server, its docs and every other client use. */
function statusName(code: Code): string {
  return Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/** Reads the status and the rich details (`grpc-status-details-bin`) of whatever a call threw. */
export function describeFailure(error: unknown): CallFailure {
  const failure = ConnectError.from(error);
  return {
    code: statusName(failure.code),
    message: failure.rawMessage,
    infos: failure.findDetails(ErrorInfoSchema).map((info) => ({
      reason: info.reason,
      domain: info.domain,
      metadata: Object.entries(info.metadata),
    })),
    violations: failure
      .findDetails(BadRequestSchema)
      .flatMap((badRequest) => badRequest.fieldViolations.map(({ field, description }) => ({ field, description }))),
  };
}
