"""two_layer_net declares a check for every student function it teaches."""


from grading import core

CHECKS = core.select("two_layer_net")


def test_every_student_function_has_a_check():
    targets = {t for c in CHECKS for t in c.targets}
    for fn in ("layers.affine_forward", "layers.affine_backward", "layers.relu_forward",
               "layers.relu_backward", "layers.svm_loss", "layers.softmax_loss",
               "classifiers.fc_net.TwoLayerNet.__init__", "classifiers.fc_net.TwoLayerNet.loss"):
        assert fn in targets, fn
