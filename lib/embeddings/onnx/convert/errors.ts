/** Errors of the TF.js -> ONNX converter. */

/**
 * A layer the converter cannot express in ONNX (its class, or one of its settings). Carries the layer's
 * name and Keras class so the caller can say which layer to remove or fall back to TF.js for.
 */
export class UnsupportedLayerError extends Error {
  readonly layerName: string;
  readonly className: string;

  constructor(layerName: string, className: string, reason?: string) {
    super(
      `layer "${layerName}" (${className}) cannot be converted to ONNX${reason ? `: ${reason}` : ": this layer class is not supported"}`,
    );
    this.name = "UnsupportedLayerError";
    this.layerName = layerName;
    this.className = className;
  }
}
