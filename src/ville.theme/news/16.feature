The header shows a logged-in member's links: the actions of portal_actions' category `ville_member` (ville.eguichet: "Mes demandes", the agents' dashboard).
