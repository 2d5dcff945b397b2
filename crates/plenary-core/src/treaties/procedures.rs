//! What a declaration, reservation or note says about a treaty's optional procedures: the Committee against
//! Torture's inquiries (CAT article 20, which a state may exclude under article 28), communications from
//! other states (article 21) and from individuals (article 22), and the postponement of obligations under
//! the Optional Protocol (OPCAT article 24).

use serde::{Deserialize, Serialize};
use time::Date;

use super::DeclarationSection;

/// An optional procedure a participant can accept, exclude or postpone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Procedure {
    /// CAT article 20: the Committee's confidential inquiries. Every party accepts it unless it declared
    /// under article 28 that it does not.
    CatInquiry,
    /// CAT article 21: communications from another state party.
    CatInterState,
    /// CAT article 22: communications from individuals ("individual complaints").
    CatIndividualComplaints,
    /// OPCAT article 24: the postponement of the obligations under part III (the Subcommittee's visits) or
    /// part IV (national preventive mechanisms).
    OpcatPostponement,
}

/// What a text does to a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Stance {
    /// Recognises the committee's competence (articles 21, 22).
    Accepts,
    /// Does not recognise it (a reservation under CAT article 28 against article 20) or postpones the
    /// obligations (OPCAT article 24).
    Excludes,
    /// Withdraws an earlier exclusion (a reservation to article 20 withdrawn) …
    WithdrawsExclusion,
    /// … or an earlier acceptance.
    WithdrawsAcceptance,
}

/// One thing a text says about one procedure, and since when, where the text gives the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureStance {
    pub procedure: Procedure,
    pub stance: Stance,
    pub since: Option<Date>,
}

/// What the text of a declaration of `treaty` (its id: `cat`, `cat_op`), standing in `section`, says about
/// the optional procedures. `date` is the date the text carries, if any.
pub fn read(
    treaty: &str,
    section: DeclarationSection,
    text: &str,
    date: Option<Date>,
) -> Vec<ProcedureStance> {
    let _ = (treaty, section, text, date);
    Vec::new()
}
