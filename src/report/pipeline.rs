//! The Azure Pipelines job a SARIF log comes from. GitHub Advanced Security for Azure DevOps
//! takes a log only if its `automationDetails` names the pipeline that made it: an id
//! `azuredevops/pipeline/build/<org>/<project id>/<definition id>/<phase id>/<branch>/<build id>`
//! and four `azuredevops/pipeline/build/*` properties. Inside a job (`TF_BUILD=True`) those come
//! from the variables Azure Pipelines sets, read as Microsoft's SARIF multitool reads them;
//! anywhere else, or when a variable is missing or malformed, there is no pipeline and the log
//! says only `candor/`.

/// The pipeline job a run belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzurePipeline {
    organization: String,
    project_id: String,
    definition_id: u64,
    definition_name: String,
    build_id: u64,
    phase_id: String,
    phase_name: String,
    branch: String,
}

/// The prefix of every pipeline automation id, and of the property names.
const PREFIX: &str = "azuredevops/pipeline/build/";

impl AzurePipeline {
    /// The job described by the environment variables `var` reads, if this is one.
    pub fn detect(var: impl Fn(&str) -> Option<String>) -> Option<AzurePipeline> {
        let value = |names: &[&str]| {
            names
                .iter()
                .filter_map(|name| var(name))
                .map(|v| v.trim().to_owned())
                .find(|v| !v.is_empty())
        };
        let in_job =
            value(&["TF_BUILD"]).is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
        if !in_job {
            return None;
        }
        let number = |names: &[&str]| {
            value(names)
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|n| *n > 0)
        };
        Some(AzurePipeline {
            organization: organization(&value(&["SYSTEM_COLLECTIONURI"])?)?,
            project_id: guid(&value(&["SYSTEM_TEAMPROJECTID"])?)?,
            definition_id: number(&["BUILD_DEFINITIONID", "SYSTEM_DEFINITIONID"])?,
            definition_name: value(&["BUILD_DEFINITIONNAME"])?,
            build_id: number(&["BUILD_BUILDID"])?,
            phase_id: guid(&value(&["SYSTEM_PHASEID", "SYSTEM_JOBID"])?)?,
            phase_name: value(&["SYSTEM_PHASENAME", "SYSTEM_JOBNAME"])?,
            branch: value(&["BUILD_SOURCEBRANCH"])?,
        })
    }

    /// The run's `automationDetails.id`.
    pub fn automation_id(&self) -> String {
        format!(
            "{PREFIX}{}/{}/{}/{}/{}/{}",
            self.organization,
            self.project_id,
            self.definition_id,
            self.phase_id,
            self.branch,
            self.build_id
        )
    }

    /// The run's `automationDetails.properties`.
    pub fn properties(&self) -> [(String, String); 4] {
        [
            ("buildDefinitionId", self.definition_id.to_string()),
            ("buildDefinitionName", self.definition_name.clone()),
            ("phaseId", self.phase_id.clone()),
            ("phaseName", self.phase_name.clone()),
        ]
        .map(|(key, value)| (format!("{PREFIX}{key}"), value))
    }
}

/// The organization in a collection URI: `https://dev.azure.com/<org>/` or
/// `https://<org>.visualstudio.com/` (and their `vsrm` release forms).
fn organization(uri: &str) -> Option<String> {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let organization = if host == "dev.azure.com" || host == "vsrm.dev.azure.com" {
        path.split('/').next().unwrap_or("")
    } else {
        let sub = host.strip_suffix(".visualstudio.com")?;
        sub.strip_suffix(".vsrm").unwrap_or(sub)
    };
    (!organization.is_empty()).then(|| organization.to_owned())
}

/// A GUID in its canonical `8-4-4-4-12` form, not all zeros, lowercased.
fn guid(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split('-').collect();
    let shaped = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    let zero = groups.iter().all(|g| g.bytes().all(|b| b == b'0'));
    (shaped && !zero).then(|| text.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &[(&str, &str)] = &[
        ("TF_BUILD", "True"),
        ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/contoso/"),
        (
            "SYSTEM_TEAMPROJECTID",
            "11111111-1111-1111-1111-111111111111",
        ),
        ("BUILD_DEFINITIONID", "1234"),
        ("BUILD_DEFINITIONNAME", "Nightly Build"),
        ("BUILD_BUILDID", "98765"),
        ("SYSTEM_PHASEID", "22222222-2222-2222-2222-222222222222"),
        ("SYSTEM_PHASENAME", "Build"),
        ("BUILD_SOURCEBRANCH", "refs/heads/main"),
    ];

    fn detect(vars: &[(&str, &str)]) -> Option<AzurePipeline> {
        AzurePipeline::detect(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn a_job_is_named_as_ghazdo_expects() {
        let job = detect(JOB).unwrap();
        assert_eq!(
            job.automation_id(),
            "azuredevops/pipeline/build/contoso/11111111-1111-1111-1111-111111111111/1234/\
             22222222-2222-2222-2222-222222222222/refs/heads/main/98765"
        );
        assert_eq!(
            job.properties()[0],
            (
                "azuredevops/pipeline/build/buildDefinitionId".to_owned(),
                "1234".to_owned()
            )
        );
    }

    #[test]
    fn outside_a_job_or_with_a_bad_variable_there_is_none() {
        assert_eq!(detect(&[]), None);
        let not_a_job: Vec<_> = JOB
            .iter()
            .copied()
            .filter(|(k, _)| *k != "TF_BUILD")
            .collect();
        assert_eq!(detect(&not_a_job), None);
        let mut zero_phase = JOB.to_vec();
        zero_phase[6] = ("SYSTEM_PHASEID", "00000000-0000-0000-0000-000000000000");
        assert_eq!(detect(&zero_phase), None);
    }

    #[test]
    fn organizations_come_from_either_host() {
        assert_eq!(
            organization("https://dev.azure.com/contoso/").as_deref(),
            Some("contoso")
        );
        assert_eq!(
            organization("https://fabrikam.visualstudio.com/").as_deref(),
            Some("fabrikam")
        );
        assert_eq!(
            organization("https://fabrikam.vsrm.visualstudio.com").as_deref(),
            Some("fabrikam")
        );
        assert_eq!(organization("https://example.com/x/"), None);
        assert_eq!(organization("https://dev.azure.com/"), None);
    }
}
