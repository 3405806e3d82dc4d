//! The closed sets of ids the two stores accept, with the labels the stores show: Apple's
//! collected data types and purposes, and Google Play's data types (under their category
//! questions), purposes and the other questions of its data safety form. Nothing outside these
//! tables is an Apple or Play id.

use super::Platform;

/// A group of data types, as a store lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// Play's question id that selects types of this category (`PSL_DATA_TYPES_PERSONAL`);
    /// Apple's categories have no id.
    pub question: Option<&'static str>,
    /// The label the store shows.
    pub label: &'static str,
}

/// A data type of a store's closed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataType {
    /// The id as written in the file.
    pub id: &'static str,
    /// The label the store shows.
    pub label: &'static str,
    /// The category it is listed under.
    pub category: &'static Category,
}

/// A purpose of a store's closed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purpose {
    /// The id as written in the file.
    pub id: &'static str,
    /// The label the store shows.
    pub label: &'static str,
}

const fn apple(label: &'static str) -> Category {
    Category {
        question: None,
        label,
    }
}

const APPLE_CONTACT_INFO: Category = apple("Contact Info");
const APPLE_HEALTH_AND_FITNESS: Category = apple("Health & Fitness");
const APPLE_FINANCIAL_INFO: Category = apple("Financial Info");
const APPLE_LOCATION: Category = apple("Location");
const APPLE_SENSITIVE_INFO: Category = apple("Sensitive Info");
const APPLE_CONTACTS: Category = apple("Contacts");
const APPLE_USER_CONTENT: Category = apple("User Content");
const APPLE_BROWSING_HISTORY: Category = apple("Browsing History");
const APPLE_SEARCH_HISTORY: Category = apple("Search History");
const APPLE_IDENTIFIERS: Category = apple("Identifiers");
const APPLE_PURCHASES: Category = apple("Purchases");
const APPLE_USAGE_DATA: Category = apple("Usage Data");
const APPLE_DIAGNOSTICS: Category = apple("Diagnostics");
const APPLE_SURROUNDINGS: Category = apple("Surroundings");
const APPLE_BODY: Category = apple("Body");
const APPLE_OTHER: Category = apple("Other Data");

const fn t(id: &'static str, label: &'static str, category: &'static Category) -> DataType {
    DataType {
        id,
        label,
        category,
    }
}

/// Apple's collected data types (`NSPrivacyCollectedDataType`), in App Store order.
pub static APPLE_DATA_TYPES: [DataType; 35] = [
    t(
        "NSPrivacyCollectedDataTypeName",
        "Name",
        &APPLE_CONTACT_INFO,
    ),
    t(
        "NSPrivacyCollectedDataTypeEmailAddress",
        "Email Address",
        &APPLE_CONTACT_INFO,
    ),
    t(
        "NSPrivacyCollectedDataTypePhoneNumber",
        "Phone Number",
        &APPLE_CONTACT_INFO,
    ),
    t(
        "NSPrivacyCollectedDataTypePhysicalAddress",
        "Physical Address",
        &APPLE_CONTACT_INFO,
    ),
    t(
        "NSPrivacyCollectedDataTypeOtherUserContactInfo",
        "Other User Contact Info",
        &APPLE_CONTACT_INFO,
    ),
    t(
        "NSPrivacyCollectedDataTypeHealth",
        "Health",
        &APPLE_HEALTH_AND_FITNESS,
    ),
    t(
        "NSPrivacyCollectedDataTypeFitness",
        "Fitness",
        &APPLE_HEALTH_AND_FITNESS,
    ),
    t(
        "NSPrivacyCollectedDataTypePaymentInfo",
        "Payment Info",
        &APPLE_FINANCIAL_INFO,
    ),
    t(
        "NSPrivacyCollectedDataTypeCreditInfo",
        "Credit Info",
        &APPLE_FINANCIAL_INFO,
    ),
    t(
        "NSPrivacyCollectedDataTypeOtherFinancialInfo",
        "Other Financial Info",
        &APPLE_FINANCIAL_INFO,
    ),
    t(
        "NSPrivacyCollectedDataTypePreciseLocation",
        "Precise Location",
        &APPLE_LOCATION,
    ),
    t(
        "NSPrivacyCollectedDataTypeCoarseLocation",
        "Coarse Location",
        &APPLE_LOCATION,
    ),
    t(
        "NSPrivacyCollectedDataTypeSensitiveInfo",
        "Sensitive Info",
        &APPLE_SENSITIVE_INFO,
    ),
    t(
        "NSPrivacyCollectedDataTypeContacts",
        "Contacts",
        &APPLE_CONTACTS,
    ),
    t(
        "NSPrivacyCollectedDataTypeEmailsOrTextMessages",
        "Emails or Text Messages",
        &APPLE_USER_CONTENT,
    ),
    // Apple spells this one with a lower-case "or".
    t(
        "NSPrivacyCollectedDataTypePhotosorVideos",
        "Photos or Videos",
        &APPLE_USER_CONTENT,
    ),
    t(
        "NSPrivacyCollectedDataTypeAudioData",
        "Audio Data",
        &APPLE_USER_CONTENT,
    ),
    t(
        "NSPrivacyCollectedDataTypeGameplayContent",
        "Gameplay Content",
        &APPLE_USER_CONTENT,
    ),
    t(
        "NSPrivacyCollectedDataTypeCustomerSupport",
        "Customer Support",
        &APPLE_USER_CONTENT,
    ),
    t(
        "NSPrivacyCollectedDataTypeOtherUserContent",
        "Other User Content",
        &APPLE_USER_CONTENT,
    ),
    t(
        "NSPrivacyCollectedDataTypeBrowsingHistory",
        "Browsing History",
        &APPLE_BROWSING_HISTORY,
    ),
    t(
        "NSPrivacyCollectedDataTypeSearchHistory",
        "Search History",
        &APPLE_SEARCH_HISTORY,
    ),
    t(
        "NSPrivacyCollectedDataTypeUserID",
        "User ID",
        &APPLE_IDENTIFIERS,
    ),
    t(
        "NSPrivacyCollectedDataTypeDeviceID",
        "Device ID",
        &APPLE_IDENTIFIERS,
    ),
    t(
        "NSPrivacyCollectedDataTypePurchaseHistory",
        "Purchase History",
        &APPLE_PURCHASES,
    ),
    t(
        "NSPrivacyCollectedDataTypeProductInteraction",
        "Product Interaction",
        &APPLE_USAGE_DATA,
    ),
    t(
        "NSPrivacyCollectedDataTypeAdvertisingData",
        "Advertising Data",
        &APPLE_USAGE_DATA,
    ),
    t(
        "NSPrivacyCollectedDataTypeOtherUsageData",
        "Other Usage Data",
        &APPLE_USAGE_DATA,
    ),
    t(
        "NSPrivacyCollectedDataTypeCrashData",
        "Crash Data",
        &APPLE_DIAGNOSTICS,
    ),
    t(
        "NSPrivacyCollectedDataTypePerformanceData",
        "Performance Data",
        &APPLE_DIAGNOSTICS,
    ),
    t(
        "NSPrivacyCollectedDataTypeOtherDiagnosticData",
        "Other Diagnostic Data",
        &APPLE_DIAGNOSTICS,
    ),
    t(
        "NSPrivacyCollectedDataTypeEnvironmentScanning",
        "Environment Scanning",
        &APPLE_SURROUNDINGS,
    ),
    t("NSPrivacyCollectedDataTypeHands", "Hands", &APPLE_BODY),
    t("NSPrivacyCollectedDataTypeHead", "Head", &APPLE_BODY),
    t(
        "NSPrivacyCollectedDataTypeOtherDataTypes",
        "Other Data Types",
        &APPLE_OTHER,
    ),
];

const fn p(id: &'static str, label: &'static str) -> Purpose {
    Purpose { id, label }
}

/// Apple's purposes (`NSPrivacyCollectedDataTypePurposes`).
pub static APPLE_PURPOSES: [Purpose; 6] = [
    p(
        "NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising",
        "Third-Party Advertising",
    ),
    p(
        "NSPrivacyCollectedDataTypePurposeDeveloperAdvertising",
        "Developer's Advertising or Marketing",
    ),
    p("NSPrivacyCollectedDataTypePurposeAnalytics", "Analytics"),
    p(
        "NSPrivacyCollectedDataTypePurposeProductPersonalization",
        "Product Personalization",
    ),
    p(
        "NSPrivacyCollectedDataTypePurposeAppFunctionality",
        "App Functionality",
    ),
    p("NSPrivacyCollectedDataTypePurposeOther", "Other Purposes"),
];

/// `NSPrivacyCollectedDataTypeTracking` set to true: not a purpose in Apple's file, but mapped
/// like one, so it has an id and a label here.
pub static APPLE_TRACKING: Purpose = p("NSPrivacyCollectedDataTypeTracking", "Tracking");

const fn play(question: &'static str, label: &'static str) -> Category {
    Category {
        question: Some(question),
        label,
    }
}

const PLAY_PERSONAL: Category = play("PSL_DATA_TYPES_PERSONAL", "Personal info");
const PLAY_FINANCIAL: Category = play("PSL_DATA_TYPES_FINANCIAL", "Financial info");
const PLAY_LOCATION: Category = play("PSL_DATA_TYPES_LOCATION", "Location");
const PLAY_WEB_BROWSING: Category = play("PSL_DATA_TYPES_SEARCH_AND_BROWSING", "Web browsing");
const PLAY_MESSAGES: Category = play("PSL_DATA_TYPES_EMAIL_AND_TEXT", "Messages");
const PLAY_PHOTOS_AND_VIDEOS: Category =
    play("PSL_DATA_TYPES_PHOTOS_AND_VIDEOS", "Photos and videos");
const PLAY_AUDIO: Category = play("PSL_DATA_TYPES_AUDIO", "Audio files");
const PLAY_HEALTH_AND_FITNESS: Category =
    play("PSL_DATA_TYPES_HEALTH_AND_FITNESS", "Health and fitness");
const PLAY_CONTACTS: Category = play("PSL_DATA_TYPES_CONTACTS", "Contacts");
const PLAY_CALENDAR: Category = play("PSL_DATA_TYPES_CALENDAR", "Calendar");
const PLAY_APP_PERFORMANCE: Category =
    play("PSL_DATA_TYPES_APP_PERFORMANCE", "App info and performance");
const PLAY_FILES_AND_DOCS: Category = play("PSL_DATA_TYPES_FILES_AND_DOCS", "Files and docs");
const PLAY_APP_ACTIVITY: Category = play("PSL_DATA_TYPES_APP_ACTIVITY", "App activity");
const PLAY_IDENTIFIERS: Category = play("PSL_DATA_TYPES_IDENTIFIERS", "Device or other IDs");

/// Play's data type categories, each selected by its own question.
pub static PLAY_CATEGORIES: [Category; 14] = [
    PLAY_PERSONAL,
    PLAY_FINANCIAL,
    PLAY_LOCATION,
    PLAY_WEB_BROWSING,
    PLAY_MESSAGES,
    PLAY_PHOTOS_AND_VIDEOS,
    PLAY_AUDIO,
    PLAY_HEALTH_AND_FITNESS,
    PLAY_CONTACTS,
    PLAY_CALENDAR,
    PLAY_APP_PERFORMANCE,
    PLAY_FILES_AND_DOCS,
    PLAY_APP_ACTIVITY,
    PLAY_IDENTIFIERS,
];

/// Play's data types (the response ids of the `PSL_DATA_TYPES_*` questions), in form order.
pub static PLAY_DATA_TYPES: [DataType; 38] = [
    t("PSL_NAME", "Name", &PLAY_PERSONAL),
    t("PSL_EMAIL", "Email address", &PLAY_PERSONAL),
    t("PSL_USER_ACCOUNT", "User IDs", &PLAY_PERSONAL),
    t("PSL_ADDRESS", "Address", &PLAY_PERSONAL),
    t("PSL_PHONE", "Phone number", &PLAY_PERSONAL),
    t("PSL_RACE_ETHNICITY", "Race and ethnicity", &PLAY_PERSONAL),
    t(
        "PSL_POLITICAL_RELIGIOUS",
        "Political or religious beliefs",
        &PLAY_PERSONAL,
    ),
    t(
        "PSL_SEXUAL_ORIENTATION_GENDER_IDENTITY",
        "Sexual orientation",
        &PLAY_PERSONAL,
    ),
    t("PSL_OTHER_PERSONAL", "Other info", &PLAY_PERSONAL),
    t(
        "PSL_CREDIT_DEBIT_BANK_ACCOUNT_NUMBER",
        "User payment info",
        &PLAY_FINANCIAL,
    ),
    t("PSL_PURCHASE_HISTORY", "Purchase history", &PLAY_FINANCIAL),
    t("PSL_CREDIT_SCORE", "Credit score", &PLAY_FINANCIAL),
    t("PSL_OTHER", "Other financial info", &PLAY_FINANCIAL),
    t(
        "PSL_APPROX_LOCATION",
        "Approximate location",
        &PLAY_LOCATION,
    ),
    t("PSL_PRECISE_LOCATION", "Precise location", &PLAY_LOCATION),
    t(
        "PSL_WEB_BROWSING_HISTORY",
        "Web browsing history",
        &PLAY_WEB_BROWSING,
    ),
    t("PSL_EMAILS", "Emails", &PLAY_MESSAGES),
    t("PSL_SMS_CALL_LOG", "SMS or MMS", &PLAY_MESSAGES),
    t(
        "PSL_OTHER_MESSAGES",
        "Other in-app messages",
        &PLAY_MESSAGES,
    ),
    t("PSL_PHOTOS", "Photos", &PLAY_PHOTOS_AND_VIDEOS),
    t("PSL_VIDEOS", "Videos", &PLAY_PHOTOS_AND_VIDEOS),
    t("PSL_AUDIO", "Voice or sound recordings", &PLAY_AUDIO),
    t("PSL_MUSIC", "Music files", &PLAY_AUDIO),
    t("PSL_OTHER_AUDIO", "Other audio files", &PLAY_AUDIO),
    t("PSL_HEALTH", "Health info", &PLAY_HEALTH_AND_FITNESS),
    t("PSL_FITNESS", "Fitness info", &PLAY_HEALTH_AND_FITNESS),
    t("PSL_CONTACTS", "Contacts", &PLAY_CONTACTS),
    t("PSL_CALENDAR", "Calendar events", &PLAY_CALENDAR),
    t("PSL_CRASH_LOGS", "Crash logs", &PLAY_APP_PERFORMANCE),
    t(
        "PSL_PERFORMANCE_DIAGNOSTICS",
        "Diagnostics",
        &PLAY_APP_PERFORMANCE,
    ),
    t(
        "PSL_OTHER_PERFORMANCE",
        "Other app performance data",
        &PLAY_APP_PERFORMANCE,
    ),
    t("PSL_FILES_AND_DOCS", "Files and docs", &PLAY_FILES_AND_DOCS),
    t(
        "PSL_USER_INTERACTION",
        "App interactions",
        &PLAY_APP_ACTIVITY,
    ),
    t(
        "PSL_IN_APP_SEARCH_HISTORY",
        "In-app search history",
        &PLAY_APP_ACTIVITY,
    ),
    t("PSL_APPS_ON_DEVICE", "Installed apps", &PLAY_APP_ACTIVITY),
    t(
        "PSL_USER_GENERATED_CONTENT",
        "Other user-generated content",
        &PLAY_APP_ACTIVITY,
    ),
    t(
        "PSL_OTHER_APP_ACTIVITY",
        "Other actions",
        &PLAY_APP_ACTIVITY,
    ),
    t("PSL_DEVICE_ID", "Device or other IDs", &PLAY_IDENTIFIERS),
];

/// Play's purposes, the same seven for collection and for sharing.
pub static PLAY_PURPOSES: [Purpose; 7] = [
    p("PSL_APP_FUNCTIONALITY", "App functionality"),
    p("PSL_ANALYTICS", "Analytics"),
    p("PSL_DEVELOPER_COMMUNICATIONS", "Developer communications"),
    p(
        "PSL_FRAUD_PREVENTION_SECURITY",
        "Fraud prevention, security, and compliance",
    ),
    p("PSL_ADVERTISING", "Advertising or marketing"),
    p("PSL_PERSONALIZATION", "Personalization"),
    p("PSL_ACCOUNT_MANAGEMENT", "Account management"),
];

/// The prefix of Play's per-type question ids: `PSL_DATA_USAGE_RESPONSES:<type>:<question>`.
pub const PLAY_USAGE_PREFIX: &str = "PSL_DATA_USAGE_RESPONSES";

/// What a question of Play's form takes as its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// One row, no response id, a boolean value (blank is false).
    Boolean,
    /// One row, no response id, free text (a URL, a description).
    Text,
    /// One row per choice: the response id is one of these, the value a boolean.
    Choice(&'static [&'static str]),
    /// One row per purpose: the response id is a purpose of [`PLAY_PURPOSES`].
    Purposes,
}

/// A question of Play's form, other than the data type questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// The question id.
    pub id: &'static str,
    /// What it takes.
    pub answer: Answer,
}

const fn q(id: &'static str, answer: Answer) -> Question {
    Question { id, answer }
}

/// The section question every real export answers: does the app collect or share any of the
/// data types the form asks about.
pub const PLAY_COLLECTS_ANY: &str = "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA";

/// The questions about the app as a whole.
pub static PLAY_SECTION_QUESTIONS: [Question; 13] = [
    q(PLAY_COLLECTS_ANY, Answer::Boolean),
    q("PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT", Answer::Boolean),
    q(
        "PSL_SUPPORTED_ACCOUNT_CREATION_METHODS",
        Answer::Choice(&[
            "PSL_ACM_USER_ID_PASSWORD",
            "PSL_ACM_USER_ID_OTHER_AUTH",
            "PSL_ACM_USER_ID_PASSWORD_OTHER_AUTH",
            "PSL_ACM_OAUTH",
            "PSL_ACM_OTHER",
            "PSL_ACM_NONE",
        ]),
    ),
    q("PSL_ACM_SPECIFY", Answer::Text),
    q("PSL_ACCOUNT_DELETION_URL", Answer::Text),
    q(
        "PSL_SUPPORT_DATA_DELETION_BY_USER",
        Answer::Choice(&[
            "DATA_DELETION_YES",
            "DATA_DELETION_NO",
            "DATA_DELETION_NO_AUTO_DELETED",
        ]),
    ),
    q("PSL_DATA_DELETION_URL", Answer::Text),
    q(
        "PSL_DATA_COLLECTION_COMPLIES_FAMILY_POLICY",
        Answer::Boolean,
    ),
    q("PSL_INDEPENDENTLY_VALIDATED", Answer::Boolean),
    q("PSL_UPI_BADGE_OPT_IN", Answer::Boolean),
    q("PSL_HAS_OUTSIDE_APP_ACCOUNTS", Answer::Boolean),
    q(
        "PSL_OUTSIDE_APP_ACCOUNT_TYPES",
        Answer::Choice(&[
            "PSL_LOGIN_WITH_OUTSIDE_APP_ID",
            "PSL_LOGIN_THROUGH_EMPLOYMENT_OR_ENTERPRISE_ACCOUNT",
            "PSL_OUTSIDE_APP_ACCOUNT_TYPE_OTHER",
        ]),
    ),
    q("PSL_OUTSIDE_APP_ACCOUNT_TYPE_SPECIFY", Answer::Text),
];

/// Whether a type is collected, shared, or both.
pub const PLAY_COLLECTION_AND_SHARING: &str = "PSL_DATA_USAGE_COLLECTION_AND_SHARING";
/// The response: collected.
pub const PLAY_COLLECTED: &str = "PSL_DATA_USAGE_ONLY_COLLECTED";
/// The response: shared.
pub const PLAY_SHARED: &str = "PSL_DATA_USAGE_ONLY_SHARED";
/// The response some exports use for both at once.
pub const PLAY_BOTH: &str = "PSL_DATA_USAGE_BOTH_COLLECTED_AND_SHARED";
/// Why a type is collected.
pub const PLAY_COLLECTION_PURPOSE: &str = "DATA_USAGE_COLLECTION_PURPOSE";
/// Why a type is shared.
pub const PLAY_SHARING_PURPOSE: &str = "DATA_USAGE_SHARING_PURPOSE";

/// The questions asked about each data type (the last part of its usage question ids).
pub static PLAY_USAGE_QUESTIONS: [Question; 5] = [
    q(
        PLAY_COLLECTION_AND_SHARING,
        Answer::Choice(&[PLAY_COLLECTED, PLAY_SHARED, PLAY_BOTH]),
    ),
    q("PSL_DATA_USAGE_EPHEMERAL", Answer::Boolean),
    q(
        "DATA_USAGE_USER_CONTROL",
        Answer::Choice(&[
            "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL",
            "PSL_DATA_USAGE_USER_CONTROL_REQUIRED",
        ]),
    ),
    q(PLAY_COLLECTION_PURPOSE, Answer::Purposes),
    q(PLAY_SHARING_PURPOSE, Answer::Purposes),
];

/// The data types of a platform.
pub fn data_types(platform: Platform) -> &'static [DataType] {
    match platform {
        Platform::Apple => &APPLE_DATA_TYPES,
        Platform::Play => &PLAY_DATA_TYPES,
    }
}

/// The purposes of a platform.
pub fn purposes(platform: Platform) -> &'static [Purpose] {
    match platform {
        Platform::Apple => &APPLE_PURPOSES,
        Platform::Play => &PLAY_PURPOSES,
    }
}

/// The data type with this id.
pub fn data_type(platform: Platform, id: &str) -> Option<&'static DataType> {
    data_types(platform).iter().find(|t| t.id == id)
}

/// The purpose with this id.
pub fn purpose(platform: Platform, id: &str) -> Option<&'static Purpose> {
    purposes(platform).iter().find(|p| p.id == id)
}

/// Every id that a policy can map like a purpose: the purposes, and for Apple also
/// [`APPLE_TRACKING`].
pub fn mappable_purposes(platform: Platform) -> impl Iterator<Item = &'static Purpose> {
    let tracking = match platform {
        Platform::Apple => Some(&APPLE_TRACKING),
        Platform::Play => None,
    };
    purposes(platform).iter().chain(tracking)
}

/// Play's category with this question id.
pub fn play_category(question: &str) -> Option<&'static Category> {
    PLAY_CATEGORIES
        .iter()
        .find(|c| c.question == Some(question))
}

/// Play's question about the app as a whole with this id.
pub fn play_section_question(id: &str) -> Option<&'static Question> {
    PLAY_SECTION_QUESTIONS.iter().find(|q| q.id == id)
}

/// Play's per-type question with this id (the last part of a usage question id).
pub fn play_usage_question(id: &str) -> Option<&'static Question> {
    PLAY_USAGE_QUESTIONS.iter().find(|q| q.id == id)
}

/// The "Answer requirement" Play's template writes beside the rows of a data type category
/// question (`PSL_DATA_TYPES_*`).
pub const PLAY_DATA_TYPES_REQUIREMENT: &str = "MULTIPLE_CHOICE";

/// What Play's CSV template writes beside a question's rows: its "Answer requirement" and an
/// English label. Play never reads either back (labels are translated); they are for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionText {
    /// The question id: a section question, or the last part of a usage question id.
    pub id: &'static str,
    /// `REQUIRED`, `MAYBE_REQUIRED`, `OPTIONAL`, `MULTIPLE_CHOICE` or `SINGLE_CHOICE`.
    pub requirement: &'static str,
    /// The question, in English.
    pub label: &'static str,
}

const fn text(id: &'static str, requirement: &'static str, label: &'static str) -> QuestionText {
    QuestionText {
        id,
        requirement,
        label,
    }
}

/// The texts of [`PLAY_SECTION_QUESTIONS`] and [`PLAY_USAGE_QUESTIONS`], in form order.
pub static PLAY_QUESTION_TEXTS: [QuestionText; 18] = [
    text(
        "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA",
        "REQUIRED",
        "Does your app collect or share any of the required user data types?",
    ),
    text(
        "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT",
        "MAYBE_REQUIRED",
        "Is all of the user data collected by your app encrypted in transit?",
    ),
    text(
        "PSL_SUPPORTED_ACCOUNT_CREATION_METHODS",
        "MULTIPLE_CHOICE",
        "Which methods of account creation does your app support?",
    ),
    text(
        "PSL_ACM_SPECIFY",
        "MAYBE_REQUIRED",
        "Describe the method of account creation your app supports",
    ),
    text(
        "PSL_ACCOUNT_DELETION_URL",
        "MAYBE_REQUIRED",
        "A link users can follow to ask for their account and its data to be deleted",
    ),
    text(
        "PSL_SUPPORT_DATA_DELETION_BY_USER",
        "SINGLE_CHOICE",
        "Can users ask for their data to be deleted?",
    ),
    text("PSL_DATA_DELETION_URL", "MAYBE_REQUIRED", "Delete data URL"),
    text(
        "PSL_DATA_COLLECTION_COMPLIES_FAMILY_POLICY",
        "OPTIONAL",
        "Do you want to show in the Data safety section that the app follows the Google Play \
         Families policy?",
    ),
    text(
        "PSL_INDEPENDENTLY_VALIDATED",
        "OPTIONAL",
        "Has the app passed an independent security review under the Mobile Application \
         Security Assessment (MASA) framework?",
    ),
    text(
        "PSL_UPI_BADGE_OPT_IN",
        "OPTIONAL",
        "Do you want to show the badge on your store listing?",
    ),
    text(
        "PSL_HAS_OUTSIDE_APP_ACCOUNTS",
        "OPTIONAL",
        "Can users sign in with accounts created outside the app?",
    ),
    text(
        "PSL_OUTSIDE_APP_ACCOUNT_TYPES",
        "MULTIPLE_CHOICE",
        "How are these accounts created?",
    ),
    text(
        "PSL_OUTSIDE_APP_ACCOUNT_TYPE_SPECIFY",
        "MAYBE_REQUIRED",
        "Describe how these accounts are created",
    ),
    text(
        PLAY_COLLECTION_AND_SHARING,
        "MULTIPLE_CHOICE",
        "Is this data collected, shared, or both?",
    ),
    text(
        "PSL_DATA_USAGE_EPHEMERAL",
        "MAYBE_REQUIRED",
        "Is this data processed ephemerally?",
    ),
    text(
        "DATA_USAGE_USER_CONTROL",
        "SINGLE_CHOICE",
        "Is this data required, or can users choose whether it is collected?",
    ),
    text(
        PLAY_COLLECTION_PURPOSE,
        "MULTIPLE_CHOICE",
        "Why is this user data collected?",
    ),
    text(
        PLAY_SHARING_PURPOSE,
        "MULTIPLE_CHOICE",
        "Why is this user data shared?",
    ),
];

/// English labels of the choices of Play's questions (the response ids that are neither data
/// types nor purposes).
pub static PLAY_CHOICE_LABELS: [(&str, &str); 17] = [
    ("PSL_ACM_USER_ID_PASSWORD", "Username and password"),
    (
        "PSL_ACM_USER_ID_OTHER_AUTH",
        "Username and other authentication",
    ),
    (
        "PSL_ACM_USER_ID_PASSWORD_OTHER_AUTH",
        "Username, password and other authentication",
    ),
    ("PSL_ACM_OAUTH", "OAuth"),
    ("PSL_ACM_OTHER", "Other"),
    ("PSL_ACM_NONE", "Users cannot create an account"),
    ("DATA_DELETION_YES", "Yes"),
    ("DATA_DELETION_NO", "No"),
    (
        "DATA_DELETION_NO_AUTO_DELETED",
        "No, but user data is deleted automatically within 90 days",
    ),
    (
        "PSL_LOGIN_WITH_OUTSIDE_APP_ID",
        "An identity from outside the app (such as a SIM or a subscription)",
    ),
    (
        "PSL_LOGIN_THROUGH_EMPLOYMENT_OR_ENTERPRISE_ACCOUNT",
        "A work account",
    ),
    ("PSL_OUTSIDE_APP_ACCOUNT_TYPE_OTHER", "Other"),
    (PLAY_COLLECTED, "Collected"),
    (PLAY_SHARED, "Shared"),
    (PLAY_BOTH, "Collected and shared"),
    (
        "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL",
        "Users can choose whether this data is collected",
    ),
    (
        "PSL_DATA_USAGE_USER_CONTROL_REQUIRED",
        "Collection is required (users cannot turn it off)",
    ),
];

/// The template text of a section or usage question.
pub fn play_question_text(id: &str) -> Option<&'static QuestionText> {
    PLAY_QUESTION_TEXTS.iter().find(|t| t.id == id)
}

/// The English label of a choice.
pub fn play_choice_label(id: &str) -> Option<&'static str> {
    PLAY_CHOICE_LABELS
        .iter()
        .find(|(choice, _)| *choice == id)
        .map(|(_, label)| *label)
}

/// fastlane's App Store data usage categories (App Store Connect's ids, in fastlane's
/// `spaceship/lib/spaceship/connect_api/models/app_data_usage_category.rb`), each with the
/// privacy-manifest data type it is.
pub static FASTLANE_CATEGORIES: [(&str, &str); 32] = [
    (
        "PAYMENT_INFORMATION",
        "NSPrivacyCollectedDataTypePaymentInfo",
    ),
    ("CREDIT_AND_FRAUD", "NSPrivacyCollectedDataTypeCreditInfo"),
    (
        "OTHER_FINANCIAL_INFO",
        "NSPrivacyCollectedDataTypeOtherFinancialInfo",
    ),
    (
        "PRECISE_LOCATION",
        "NSPrivacyCollectedDataTypePreciseLocation",
    ),
    ("SENSITIVE_INFO", "NSPrivacyCollectedDataTypeSensitiveInfo"),
    (
        "PHYSICAL_ADDRESS",
        "NSPrivacyCollectedDataTypePhysicalAddress",
    ),
    ("EMAIL_ADDRESS", "NSPrivacyCollectedDataTypeEmailAddress"),
    ("NAME", "NSPrivacyCollectedDataTypeName"),
    ("PHONE_NUMBER", "NSPrivacyCollectedDataTypePhoneNumber"),
    (
        "OTHER_CONTACT_INFO",
        "NSPrivacyCollectedDataTypeOtherUserContactInfo",
    ),
    ("CONTACTS", "NSPrivacyCollectedDataTypeContacts"),
    (
        "EMAILS_OR_TEXT_MESSAGES",
        "NSPrivacyCollectedDataTypeEmailsOrTextMessages",
    ),
    (
        "PHOTOS_OR_VIDEOS",
        "NSPrivacyCollectedDataTypePhotosorVideos",
    ),
    ("AUDIO", "NSPrivacyCollectedDataTypeAudioData"),
    (
        "GAMEPLAY_CONTENT",
        "NSPrivacyCollectedDataTypeGameplayContent",
    ),
    (
        "CUSTOMER_SUPPORT",
        "NSPrivacyCollectedDataTypeCustomerSupport",
    ),
    (
        "OTHER_USER_CONTENT",
        "NSPrivacyCollectedDataTypeOtherUserContent",
    ),
    (
        "BROWSING_HISTORY",
        "NSPrivacyCollectedDataTypeBrowsingHistory",
    ),
    ("SEARCH_HISTORY", "NSPrivacyCollectedDataTypeSearchHistory"),
    ("USER_ID", "NSPrivacyCollectedDataTypeUserID"),
    ("DEVICE_ID", "NSPrivacyCollectedDataTypeDeviceID"),
    (
        "PURCHASE_HISTORY",
        "NSPrivacyCollectedDataTypePurchaseHistory",
    ),
    (
        "PRODUCT_INTERACTION",
        "NSPrivacyCollectedDataTypeProductInteraction",
    ),
    (
        "ADVERTISING_DATA",
        "NSPrivacyCollectedDataTypeAdvertisingData",
    ),
    (
        "OTHER_USAGE_DATA",
        "NSPrivacyCollectedDataTypeOtherUsageData",
    ),
    ("CRASH_DATA", "NSPrivacyCollectedDataTypeCrashData"),
    (
        "PERFORMANCE_DATA",
        "NSPrivacyCollectedDataTypePerformanceData",
    ),
    (
        "OTHER_DIAGNOSTIC_DATA",
        "NSPrivacyCollectedDataTypeOtherDiagnosticData",
    ),
    ("OTHER_DATA", "NSPrivacyCollectedDataTypeOtherDataTypes"),
    ("HEALTH", "NSPrivacyCollectedDataTypeHealth"),
    ("FITNESS", "NSPrivacyCollectedDataTypeFitness"),
    (
        "COARSE_LOCATION",
        "NSPrivacyCollectedDataTypeCoarseLocation",
    ),
];

/// fastlane's App Store data usage purposes (`app_data_usage_purposes.rb`), each with the
/// privacy-manifest purpose it is.
pub static FASTLANE_PURPOSES: [(&str, &str); 6] = [
    (
        "THIRD_PARTY_ADVERTISING",
        "NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising",
    ),
    (
        "DEVELOPERS_ADVERTISING",
        "NSPrivacyCollectedDataTypePurposeDeveloperAdvertising",
    ),
    ("ANALYTICS", "NSPrivacyCollectedDataTypePurposeAnalytics"),
    (
        "PRODUCT_PERSONALIZATION",
        "NSPrivacyCollectedDataTypePurposeProductPersonalization",
    ),
    (
        "APP_FUNCTIONALITY",
        "NSPrivacyCollectedDataTypePurposeAppFunctionality",
    ),
    ("OTHER_PURPOSES", "NSPrivacyCollectedDataTypePurposeOther"),
];

/// fastlane's data protections (`app_data_usage_data_protection.rb`).
pub static FASTLANE_PROTECTIONS: [&str; 4] = [
    "DATA_USED_TO_TRACK_YOU",
    "DATA_LINKED_TO_YOU",
    "DATA_NOT_LINKED_TO_YOU",
    "DATA_NOT_COLLECTED",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn unique(ids: &[&str]) -> bool {
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        sorted.len() == ids.len()
    }

    #[test]
    fn the_sets_have_the_documented_sizes_and_no_repeats() {
        for platform in [Platform::Apple, Platform::Play] {
            let types: Vec<&str> = data_types(platform).iter().map(|t| t.id).collect();
            let purposes: Vec<&str> = purposes(platform).iter().map(|p| p.id).collect();
            assert!(unique(&types) && unique(&purposes), "{platform:?}");
        }
        assert_eq!(APPLE_DATA_TYPES.len(), 35);
        assert_eq!(APPLE_PURPOSES.len(), 6);
        assert_eq!(PLAY_DATA_TYPES.len(), 38);
        assert_eq!(PLAY_PURPOSES.len(), 7);
        assert!(APPLE_DATA_TYPES.iter().all(
            |t| t.id.starts_with("NSPrivacyCollectedDataType") && t.category.question.is_none()
        ));
        assert!(
            APPLE_PURPOSES
                .iter()
                .all(|p| p.id.starts_with("NSPrivacyCollectedDataTypePurpose"))
        );
        assert!(PLAY_DATA_TYPES.iter().all(|t| t.id.starts_with("PSL_")));
    }

    #[test]
    fn every_play_category_lists_types_and_every_type_has_a_known_category() {
        for category in &PLAY_CATEGORIES {
            let question = category.question.unwrap_or_default();
            assert_eq!(play_category(question), Some(category));
            assert!(
                PLAY_DATA_TYPES.iter().any(|t| t.category == category),
                "{question} has no type"
            );
        }
        for data_type in &PLAY_DATA_TYPES {
            assert!(
                PLAY_CATEGORIES.contains(data_type.category),
                "{}",
                data_type.id
            );
        }
    }

    #[test]
    fn the_explanation_of_unknown_ids_lists_every_id() {
        let text = crate::diagnostic::Code::UnknownPlatformId.explanation();
        let listed = |id: &str| text.contains(&format!("`{id}`"));
        for platform in [Platform::Apple, Platform::Play] {
            for data_type in data_types(platform) {
                assert!(listed(data_type.id), "{}", data_type.id);
            }
            for purpose in mappable_purposes(platform) {
                assert!(listed(purpose.id), "{}", purpose.id);
            }
        }
        for category in &PLAY_CATEGORIES {
            assert!(listed(category.question.unwrap_or_default()));
        }
    }

    #[test]
    fn lookups_find_known_ids_only() {
        assert_eq!(
            data_type(Platform::Apple, "NSPrivacyCollectedDataTypePhotosorVideos").map(|t| t.label),
            Some("Photos or Videos")
        );
        assert!(data_type(Platform::Apple, "NSPrivacyCollectedDataTypePhotosOrVideos").is_none());
        assert!(data_type(Platform::Apple, "PSL_EMAIL").is_none());
        assert_eq!(
            data_type(Platform::Play, "PSL_EMAIL").map(|t| t.category.label),
            Some("Personal info")
        );
        assert!(purpose(Platform::Apple, APPLE_TRACKING.id).is_none());
        assert_eq!(mappable_purposes(Platform::Apple).count(), 7);
        assert_eq!(mappable_purposes(Platform::Play).count(), 7);
        assert!(play_usage_question(PLAY_SHARING_PURPOSE).is_some());
        assert!(play_section_question("PSL_UPI_BADGE_OPT_IN").is_some());
        assert!(play_section_question("PSL_DATA_TYPE_PERSONAL_INFO_EMAIL").is_none());
    }
}
