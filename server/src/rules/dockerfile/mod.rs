//! Rules for dockerfile files.

mod add_instead_of_copy;
mod apt_no_install_recommends;
mod apt_update_alone;
mod build_tools_in_final_stage;
mod copy_sources;
mod copy_whole_context;
mod curl_pipe_shell;
mod exposed_ssh_port;
mod full_base_image;
pub mod helpers;
mod image_not_pinned_by_digest;
mod image_tag_latest;
mod insecure_download;
mod missing_healthcheck;
mod non_numeric_user;
mod package_cache_not_cleaned;
mod package_signature_check_disabled;
mod package_version_unpinned;
mod root_user;
mod secret_file_in_image;
mod secret_in_arg;
mod secret_in_env;
mod secret_in_run;
mod secret_removed_in_later_layer;
mod shell_form_entrypoint;
mod sudo_in_run;
mod tls_verification_disabled;
mod untrusted_registry;
mod world_writable_permissions;

#[cfg(test)]
mod tests;

use super::Rule;
use crate::format::Format;

const DOCKERFILE: &[Format] = &[Format::Dockerfile];

macro_rules! rules {
    ($($name:literal => $module:ident),* $(,)?) => {
        /// This format's registry rows.
        pub const RULES: &[Rule] = &[
            $(Rule { name: $name, formats: DOCKERFILE, check: $module::check },)*
        ];
    };
}

rules! {
    "image-tag-latest" => image_tag_latest,
    "image-not-pinned-by-digest" => image_not_pinned_by_digest,
    "untrusted-registry" => untrusted_registry,
    "full-base-image" => full_base_image,
    "root-user" => root_user,
    "sudo-in-run" => sudo_in_run,
    "non-numeric-user" => non_numeric_user,
    "secret-in-env" => secret_in_env,
    "secret-in-arg" => secret_in_arg,
    "secret-in-run" => secret_in_run,
    "secret-file-in-image" => secret_file_in_image,
    "secret-removed-in-later-layer" => secret_removed_in_later_layer,
    "copy-whole-context" => copy_whole_context,
    "add-instead-of-copy" => add_instead_of_copy,
    "build-tools-in-final-stage" => build_tools_in_final_stage,
    "apt-no-install-recommends" => apt_no_install_recommends,
    "package-cache-not-cleaned" => package_cache_not_cleaned,
    "package-version-unpinned" => package_version_unpinned,
    "apt-update-alone" => apt_update_alone,
    "curl-pipe-shell" => curl_pipe_shell,
    "insecure-download" => insecure_download,
    "tls-verification-disabled" => tls_verification_disabled,
    "package-signature-check-disabled" => package_signature_check_disabled,
    "missing-healthcheck" => missing_healthcheck,
    "shell-form-entrypoint" => shell_form_entrypoint,
    "exposed-ssh-port" => exposed_ssh_port,
    "world-writable-permissions" => world_writable_permissions,
}
