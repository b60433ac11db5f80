An alert's "En savoir plus" opens a page saying how serious it is, when and where it shows (not a raw field list); the home page offers "Gérer les accès rapides" to those who may manage the buttons (`ISiteContent.quick_access_manage_url`).
The header shows a logged-in member's links: the actions of portal_actions' category `ville_member` (ville.eguichet: "Mes demandes", the agents' dashboard).
