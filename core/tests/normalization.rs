//! What a pasted address becomes, for every shape of URL template in the catalog.

use connect_core::catalog::Catalog;
use connect_core::form::{FieldSpec, FormSpec, Target};
use connect_core::template::Placement;
use connect_core::validate::{FieldErrorKind, check_field};

fn field(provider: &str, name: &str) -> FieldSpec {
    let catalog = Catalog::embedded();
    let provider = catalog.get(provider).unwrap_or_else(|| panic!("{provider}"));
    let spec = FormSpec::for_provider(provider, None);
    spec.field(&Target::Metadata(name.to_owned()))
        .cloned()
        .unwrap_or_else(|| panic!("{name}"))
}

/// (provider, input, typed, expected value, whether the user is told it was taken from an address)
const ACCEPTED: &[(&str, &str, &str, &str, bool)] = &[
    // A label at the start of the host: https://{{.workspace}}.zendesk.com
    ("zendeskSupport", "workspace", "acme", "acme", false),
    ("zendeskSupport", "workspace", "  acme  ", "acme", false),
    (
        "zendeskSupport",
        "workspace",
        "https://acme.zendesk.com/agent/",
        "acme",
        true,
    ),
    ("zendeskSupport", "workspace", "acme.zendesk.com", "acme", true),
    (
        "zendeskSupport",
        "workspace",
        "HTTPS://Acme.Zendesk.com/agent/tickets?x=1#y",
        "acme",
        true,
    ),
    (
        "freshsales",
        "workspace",
        "https://acme.myfreshworks.com/crm/sales/deals",
        "acme",
        true,
    ),
    ("netsuite", "workspace", "1234567-sb", "1234567-sb", false),
    (
        "netsuite",
        "workspace",
        "https://1234567-sb1.app.netsuite.com/app/center/card.nl",
        "1234567-sb1",
        true,
    ),
    // A label after a fixed one: https://rest.{{.workspace}}.braze.com
    ("braze", "workspace", "iad-01", "iad-01", false),
    ("braze", "workspace", "https://rest.iad-01.braze.com/", "iad-01", true),
    (
        "braze",
        "workspace",
        "https://dashboard.iad-01.braze.com",
        "iad-01",
        true,
    ),
    // A label with fixed text in it: https://{{.workspace}}-api.outplayhq.com
    (
        "outplay",
        "workspace",
        "https://acme-api.outplayhq.com/v1",
        "acme",
        true,
    ),
    // Two values in one host: https://{{.workspace}}.api.{{.region}}.dynamics.com
    (
        "dynamicsCRM",
        "workspace",
        "https://acme.api.crm4.dynamics.com/api/data",
        "acme",
        true,
    ),
    (
        "dynamicsCRM",
        "region",
        "https://acme.api.crm4.dynamics.com/api/data",
        "crm4",
        true,
    ),
    (
        "dynamicsCRM",
        "region",
        "https://acme.crm4.dynamics.com/main.aspx",
        "crm4",
        true,
    ),
    // A label next to a part the API fills in: https://<<SERVICE_DOMAIN>>.{{.region}}.amazonaws.com
    ("aws", "region", "us-east-1", "us-east-1", false),
    (
        "aws",
        "region",
        "https://identitystore.us-east-1.amazonaws.com",
        "us-east-1",
        true,
    ),
    // A label followed by a whole-host value: https://{{.workspace}}.{{.talkdesk_token_domain}}/...
    (
        "talkdesk",
        "workspace",
        "https://acme.talkdeskid.com/oauth",
        "acme",
        true,
    ),
    // A whole host: https://{{.workspace}} and https://{{.workspace}}/api
    ("coupa", "workspace", "acme.coupahost.com", "acme.coupahost.com", false),
    (
        "coupa",
        "workspace",
        "https://acme.coupahost.com/requisition_headers",
        "acme.coupahost.com",
        true,
    ),
    (
        "loxo",
        "workspace",
        "https://app.loxo.co/acme/jobs",
        "app.loxo.co",
        true,
    ),
    (
        "kaseyaVSAX",
        "workspace",
        "vsa.example.com:8443",
        "vsa.example.com:8443",
        false,
    ),
    (
        "kaseyaVSAX",
        "workspace",
        "https://vsa.example.com:8443/",
        "vsa.example.com:8443",
        true,
    ),
    // A host after a fixed label: https://{{.workspace}}.{{.talkdesk_token_domain}}
    (
        "talkdesk",
        "talkdesk_token_domain",
        "talkdeskid.com",
        "talkdeskid.com",
        false,
    ),
    (
        "talkdesk",
        "talkdesk_token_domain",
        "https://acme.talkdeskid.eu/oauth",
        "talkdeskid.eu",
        true,
    ),
    (
        "talkdesk",
        "talkdesk_api_domain",
        "https://api.talkdeskapp.com/users",
        "api.talkdeskapp.com",
        true,
    ),
    // A path segment: https://login.microsoftonline.com/{{.workspace}}/oauth2/...
    (
        "dynamicsBusinessCentral",
        "workspace",
        "contoso.onmicrosoft.com",
        "contoso.onmicrosoft.com",
        false,
    ),
    (
        "dynamicsBusinessCentral",
        "workspace",
        "https://login.microsoftonline.com/0a1b2c3d-0000-4444-8888-123456789abc/oauth2/v2.0/authorize",
        "0a1b2c3d-0000-4444-8888-123456789abc",
        true,
    ),
    (
        "basecamp",
        "workspace",
        "https://3.basecamp.com/1234567/projects",
        "1234567",
        true,
    ),
    (
        "seismic",
        "workspace",
        "https://auth.seismic.com/tenants/acme/connect/authorize",
        "acme",
        true,
    ),
    // A whole URL: {{.workspace}}/rest/v11_24
    (
        "sugarCRM",
        "workspace",
        "https://acme.sugarondemand.com",
        "https://acme.sugarondemand.com",
        false,
    ),
    (
        "sugarCRM",
        "workspace",
        "https://acme.sugarondemand.com/",
        "https://acme.sugarondemand.com",
        false,
    ),
    (
        "sugarCRM",
        "workspace",
        "acme.sugarondemand.com",
        "https://acme.sugarondemand.com",
        true,
    ),
    (
        "sugarCRM",
        "workspace",
        "https://acme.sugarondemand.com/rest/v11_24/Accounts?max_num=5",
        "https://acme.sugarondemand.com",
        true,
    ),
    (
        "sugarCRM",
        "workspace",
        "https://crm.example.com/sugar/#Home",
        "https://crm.example.com/sugar",
        true,
    ),
    // In no URL at all: free text.
    ("bigquery", "projectId", "my-gcp-project", "my-gcp-project", false),
    ("breezy", "company_id", "urn:acme:123", "urn:acme:123", false),
];

const REFUSED: &[(&str, &str, &str, FieldErrorKind)] = &[
    ("zendeskSupport", "workspace", "ac me", FieldErrorKind::InvalidLabel),
    ("zendeskSupport", "workspace", "-acme", FieldErrorKind::InvalidLabel),
    ("zendeskSupport", "workspace", "ac_me", FieldErrorKind::InvalidLabel),
    (
        "zendeskSupport",
        "workspace",
        "https://acme.freshdesk.com/a",
        FieldErrorKind::AddressMismatch {
            expected: String::new(),
        },
    ),
    (
        "zendeskSupport",
        "workspace",
        "https://admin:pw@acme.zendesk.com",
        FieldErrorKind::CredentialsInUrl,
    ),
    (
        "zendeskSupport",
        "workspace",
        "https://zendesk.com",
        FieldErrorKind::AddressMismatch {
            expected: String::new(),
        },
    ),
    ("coupa", "workspace", "acme", FieldErrorKind::InvalidHost),
    ("coupa", "workspace", "acme .coupahost.com", FieldErrorKind::InvalidHost),
    (
        "coupa",
        "workspace",
        "https://u:p@acme.coupahost.com",
        FieldErrorKind::CredentialsInUrl,
    ),
    (
        "dynamicsBusinessCentral",
        "workspace",
        "a tenant",
        FieldErrorKind::InvalidPathSegment,
    ),
    (
        "seismic",
        "workspace",
        "https://auth.seismic.com/other/acme",
        FieldErrorKind::AddressMismatch {
            expected: String::new(),
        },
    ),
    (
        "sugarCRM",
        "workspace",
        "http://acme.sugarondemand.com",
        FieldErrorKind::NotHttps,
    ),
    (
        "sugarCRM",
        "workspace",
        "ftp://acme.sugarondemand.com",
        FieldErrorKind::NotHttps,
    ),
    (
        "sugarCRM",
        "workspace",
        "https://u:p@acme.sugarondemand.com",
        FieldErrorKind::CredentialsInUrl,
    ),
    ("sugarCRM", "workspace", "acme", FieldErrorKind::InvalidHost),
    ("sugarCRM", "workspace", "https://acme", FieldErrorKind::InvalidUrl),
    ("sugarCRM", "workspace", "", FieldErrorKind::Required),
];

#[test]
fn pasted_addresses_become_the_value_the_template_needs() {
    for (provider, name, typed, expected, told) in ACCEPTED {
        let field = field(provider, name);
        let checked = check_field(&field, typed).unwrap_or_else(|e| panic!("{provider}.{name} {typed:?}: {e:?}"));
        let value = checked.value.unwrap().text();
        assert_eq!(&value, expected, "{provider}.{name} {typed:?}");
        assert_eq!(checked.normalization.is_some(), *told, "{provider}.{name} {typed:?}");
        if let Some(normalization) = checked.normalization {
            assert_eq!(normalization.from, typed.trim());
            assert_eq!(&normalization.to, expected);
        }
    }
}

#[test]
fn values_that_cannot_fit_are_refused_with_the_reason() {
    for (provider, name, typed, expected) in REFUSED {
        let field = field(provider, name);
        let error = check_field(&field, typed).expect_err(&format!("{provider}.{name} {typed:?}"));
        match (expected, &error) {
            (FieldErrorKind::AddressMismatch { .. }, FieldErrorKind::AddressMismatch { expected }) => {
                assert!(expected.contains('*'), "{expected}");
            }
            _ => assert_eq!(&error, expected, "{provider}.{name} {typed:?}"),
        }
    }
    let error = check_field(&field("zendeskSupport", "workspace"), "https://acme.freshdesk.com").unwrap_err();
    assert_eq!(
        error,
        FieldErrorKind::AddressMismatch {
            expected: "*.zendesk.com".into()
        }
    );
    let error = check_field(&field("seismic", "workspace"), "https://x.io/other/acme").unwrap_err();
    assert_eq!(
        error,
        FieldErrorKind::AddressMismatch {
            expected: "/tenants/*".into()
        }
    );
}

#[test]
fn every_template_shape_of_the_catalog_is_covered_by_the_tables() {
    // Each metadata input's placement kind must appear in the accepted table, so a new shape in a
    // future catalog shows up here.
    let catalog = Catalog::embedded();
    let kind = |p: &Placement| match p {
        Placement::Free => "free",
        Placement::HostLabel(_) => "label",
        Placement::Host { leading_labels: 0 } => "host",
        Placement::Host { .. } => "host-tail",
        Placement::PathSegment(_) => "segment",
        Placement::BaseUrl { .. } => "url",
    };
    let covered: std::collections::BTreeSet<&str> =
        ACCEPTED.iter().map(|(p, n, ..)| kind(&field(p, n).placement)).collect();
    for provider in catalog.providers() {
        for field in FormSpec::for_provider(provider, None).fields {
            assert!(
                covered.contains(kind(&field.placement)),
                "{}: {:?}",
                provider.name,
                field.placement
            );
        }
    }
    assert_eq!(covered.len(), 6);
}
