import { ApiError } from "../errors/api-error";
import { enabledProviders, PROVIDER_NAMES, type Provider, providerNamed } from "../providers/registry";
import { isModelAllowed, parseModelId } from "./model-policy";

/** The provider and the provider's own model name a `provider/model` id routes to. */
export type ModelTarget = { provider: Provider; model: string; publicModel: string };

/**
 * The target of a request's `model`, checked against the key's allowlist: 400 naming `model`
 * for an unknown provider, 403 `model_not_allowed` for a model the key may not use.
 */
export function modelTarget(publicModel: string, allowedModels: readonly string[], mockEnabled: boolean): ModelTarget {
  const id = parseModelId(publicModel);
  const provider = id ? providerNamed(id.provider, { mockEnabled }) : null;
  if (!id || !provider) {
    const names = PROVIDER_NAMES.filter((n) => n !== "mock" || mockEnabled).join(", ");
    throw new ApiError("invalid_request", `model: unknown provider in "${publicModel}"; use one of ${names}.`);
  }
  if (!isModelAllowed(allowedModels, publicModel)) {
    throw new ApiError("model_not_allowed", `model: ${publicModel} is not in this key's allowed_models.`);
  }
  return { provider, model: id.model, publicModel };
}

/** The enabled providers whose adapter offers `capability`, listed for an error message. */
export function providersWith(capability: "responses" | "embed", mockEnabled: boolean): string {
  return enabledProviders({ mockEnabled })
    .filter((p) => p.adapter[capability] !== undefined)
    .map((p) => p.name)
    .join(", ");
}
