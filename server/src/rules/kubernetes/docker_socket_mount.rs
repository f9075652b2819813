//! `docker-socket-mount`: a pod mounts the container runtime's socket.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::judgement::is_runtime_socket;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for pod in helpers::pod_specs(ctx) {
        for volume in pod.volumes() {
            let Some(path) = volume.get_path(&["hostPath", "path"]) else {
                continue;
            };
            let Some(written) = path.as_str() else {
                continue;
            };
            if !is_runtime_socket(written) {
                continue;
            }
            out.push(Finding::new(
                "docker-socket-mount",
                path.pair_range(),
                format!(
                    "`{written}` gives the pod the node's container runtime, which is root on the node; remove the mount"
                ),
            ));
        }
    }
}
