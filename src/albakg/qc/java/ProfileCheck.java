// Loads each ontology file named on the command line with the OWL API and runs the OWL 2 DL
// profile checker on it. Albakg's qc runs this with Java's single-file launcher, so that the
// verdict comes from the OWL API itself (as Protege and HermiT would read the file), not from
// a reimplementation of the profile's rules.
//
// Output, one line each, tab-separated:
//   FILE <path> <number of axioms>
//   VIOLATION <path> <violation text>
// Exit status: 0 when every file is in the profile, 1 when a violation is found, 2 when a
// file cannot be loaded.

import java.io.File;
import java.util.List;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class ProfileCheck {
    public static void main(String[] args) {
        int status = 0;
        for (String arg : args) {
            // A fresh manager per file: imports and declarations of one must not help another.
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            OWLOntology ontology;
            try {
                ontology = manager.loadOntologyFromOntologyDocument(new File(arg));
            } catch (OWLOntologyCreationException e) {
                System.out.println("ERROR\t" + arg + "\t" + oneLine(e.getMessage()));
                status = 2;
                continue;
            }
            System.out.println("FILE\t" + arg + "\t" + ontology.getAxiomCount());
            OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
            List<OWLProfileViolation> violations = report.getViolations();
            for (OWLProfileViolation v : violations) {
                System.out.println("VIOLATION\t" + arg + "\t" + oneLine(v.toString()));
            }
            if (!violations.isEmpty() && status == 0) {
                status = 1;
            }
        }
        System.exit(status);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
